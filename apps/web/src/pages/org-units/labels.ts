import type { Text } from '../../i18n/text';

export const L = {
  title: { zh: '机构管理', en: 'Org units' },
  tree: { zh: '机构树', en: 'Org tree' },
  details: { zh: '机构信息', en: 'Unit details' },
  pick: { zh: '请在左侧选择一个机构', en: 'Choose a unit on the left' },
  code: { zh: '机构代码', en: 'Code' },
  name: { zh: '机构名称', en: 'Name' },
  nameEn: { zh: '英文名称', en: 'English name' },
  level: { zh: '层级', en: 'Level' },
  parent: { zh: '上级机构', en: 'Parent unit' },
  path: { zh: '路径', en: 'Path' },
  addChild: { zh: '新建下级机构', en: 'New child unit' },
  editUnit: { zh: '编辑机构', en: 'Edit unit' },
  codeRule: { zh: '仅限字母、数字、_ 和 -', en: 'Letters, digits, _ and - only' },
  required: { zh: '必填', en: 'Required' },
  deleteHint: { zh: '只能删除没有下级机构、用户和客户的机构。', en: 'Only units without child units, users or customers can be deleted.' },
  search: { zh: '搜索机构', en: 'Search units' },
} satisfies Record<string, Text>;
