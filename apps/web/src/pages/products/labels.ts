import type { CodeLabels } from '../../components/code-tag';
import type { Text } from '../../i18n/text';

export const L = {
  title: { zh: '产品目录', en: 'Products' },
  hint: {
    zh: '全省统一的产品目录。客户细分和交叉销售组合实时读取产品的险种，修改险种会影响它们之后的预览、计数和投放。',
    en: 'One catalogue for the whole province. Segments and bundles read a product’s line live: changing it affects their next preview, count and launch.',
  },
  newProduct: { zh: '新建产品', en: 'New product' },
  editProduct: { zh: '编辑产品', en: 'Edit product' },
  search: { zh: '搜索代码或名称', en: 'Search code or name' },
  code: { zh: '产品代码', en: 'Code' },
  name: { zh: '产品名称', en: 'Name' },
  nameEn: { zh: '英文名称', en: 'English name' },
  line: { zh: '险种', en: 'Line' },
  status: { zh: '状态', en: 'Status' },
  active: { zh: '在售', en: 'Active' },
  inactive: { zh: '停售', en: 'Inactive' },
  codeRule: { zh: '2–20 位大写字母、数字或 _', en: '2–20 upper-case letters, digits or _' },
  codeFixed: { zh: '产品代码创建后不可修改', en: 'The code cannot change once created' },
  lineHint: {
    zh: '已有保单的产品也可以更正险种；细分和组合会立即按新险种计算。',
    en: 'The line may be corrected even when policies use the product; segments and bundles use the new line at once.',
  },
  required: { zh: '必填', en: 'Required' },
} satisfies Record<string, Text>;

/** The product lines the API accepts, in catalogue order. */
export const LINES: CodeLabels = {
  motor_compulsory: { label: { zh: '交强险', en: 'Compulsory motor' }, color: 'blue' },
  motor_commercial: { label: { zh: '商业车险', en: 'Commercial motor' }, color: 'geekblue' },
  home: { label: { zh: '家财险', en: 'Home' }, color: 'gold' },
  accident: { label: { zh: '意外险', en: 'Accident' }, color: 'volcano' },
  health: { label: { zh: '健康险', en: 'Health' }, color: 'green' },
  travel: { label: { zh: '旅行险', en: 'Travel' }, color: 'cyan' },
  liability: { label: { zh: '责任险', en: 'Liability' }, color: 'purple' },
};
