import type { SystemFigure } from '@lib/evaluation/form-schema';
import type { Text } from '../../i18n/text';

/** The system figures' names, as docs/figures.md defines them. */
export const SYSTEM_FIGURE_LABELS: Record<SystemFigure, Text> = {
  contacts: { zh: '接触数', en: 'Contacts' },
  delivered: { zh: '送达数', en: 'Delivered' },
  responses: { zh: '响应数', en: 'Responses' },
  conversions: { zh: '转化数', en: 'Conversions' },
  premium_written: { zh: '新单保费', en: 'Premium written' },
  spend: { zh: '支出', en: 'Spend' },
};

export const FORM_TEXT = {
  yuan: { zh: '元', en: 'yuan' },
  wholeNumber: { zh: '整数', en: 'Whole number' },
  bound: { zh: '系统指标：{figure}', en: 'System figure: {figure}' },
  addRow: { zh: '添加一行', en: 'Add a row' },
  removeRow: { zh: '删除第 {row} 行', en: 'Remove row {row}' },
  row: { zh: '第 {row} 行', en: 'Row {row}' },
  actions: { zh: '操作', en: 'Actions' },
  noRows: { zh: '尚无数据行', en: 'No rows yet' },
  empty: { zh: '未填写', en: 'Not filled in' },
  choose: { zh: '请选择', en: 'Choose' },
  ratingOf: { zh: '{value} / 5', en: '{value} of 5' },
  cell: { zh: '{column}（第 {row} 行）', en: '{column}, row {row}' },
} satisfies Record<string, Text>;
