import type { Text } from '../../i18n/text';

/** The rule builder's own words; field and value labels come from the API's catalogue. */
export const ruleText = {
  all: { zh: '满足全部条件', en: 'All of' },
  any: { zh: '满足任一条件', en: 'Any of' },
  not: { zh: '全部不满足', en: 'None of' },
  addCondition: { zh: '添加条件', en: 'Add condition' },
  addGroup: { zh: '添加条件组', en: 'Add group' },
  removeGroup: { zh: '删除条件组', en: 'Remove group' },
  remove: { zh: '删除', en: 'Remove' },
  chooseField: { zh: '选择字段', en: 'Choose a field' },
  operator: { zh: '运算符', en: 'Operator' },
  value: { zh: '值', en: 'Value' },
  yes: { zh: '是', en: 'Yes' },
  no: { zh: '否', en: 'No' },
  days: { zh: '天', en: 'days' },
  months: { zh: '个月', en: 'months' },
  optionalParam: { zh: '{name}（不限）', en: '{name} (any)' },
  emptyGroup: { zh: '此条件组还没有条件', en: 'This group has no conditions yet' },
  emptyRule: { zh: '还没有条件：添加条件开始筛选客户', en: 'No conditions yet: add one to start selecting customers' },
  incomplete: { zh: '请填写完整', en: 'Please complete this condition' },
  from: { zh: '从', en: 'from' },
  to: { zh: '至', en: 'to' },
  typeAndEnter: { zh: '输入后回车', en: 'Type and press Enter' },
  customer: { zh: '客户属性', en: 'Customer' },
  holdings: { zh: '持有保单', en: 'Holdings' },
  claims: { zh: '理赔', en: 'Claims' },
  contacts: { zh: '接触历史', en: 'Contact history' },
  other: { zh: '其他', en: 'Other' },
} satisfies Record<string, Text>;

export const operatorLabels: Record<string, Text> = {
  '=': { zh: '等于', en: 'equals' },
  '!=': { zh: '不等于', en: 'is not' },
  '<': { zh: '小于', en: 'less than' },
  '<=': { zh: '不大于', en: 'at most' },
  '>': { zh: '大于', en: 'more than' },
  '>=': { zh: '不小于', en: 'at least' },
  between: { zh: '介于', en: 'between' },
  in: { zh: '属于其中之一', en: 'is one of' },
  is: { zh: '为', en: 'is' },
  has: { zh: '持有', en: 'has' },
  lacks: { zh: '未持有', en: 'lacks' },
  within_days: { zh: '在最近/未来天数内', en: 'within days' },
  in_subtree: { zh: '属于机构（含下级）', en: 'in unit (with sub-units)' },
};

export const paramLabels: Record<string, Text> = {
  channel: { zh: '渠道', en: 'Channel' },
  months: { zh: '最近月数', en: 'Last months' },
  line: { zh: '险种', en: 'Line' },
  product: { zh: '产品', en: 'Product' },
  campaignId: { zh: '活动编号', en: 'Campaign id' },
};

export const lineLabels: Record<string, Text> = {
  motor_compulsory: { zh: '交强险', en: 'Compulsory motor' },
  motor_commercial: { zh: '商业车险', en: 'Commercial motor' },
  home: { zh: '家财险', en: 'Home property' },
  accident: { zh: '意外险', en: 'Accident' },
  health: { zh: '健康险', en: 'Health' },
  travel: { zh: '旅行险', en: 'Travel' },
  liability: { zh: '责任险', en: 'Liability' },
};

export const channelLabels: Record<string, Text> = {
  email: { zh: '电子邮件', en: 'Email' },
  phone: { zh: '电话', en: 'Phone' },
  sms: { zh: '短信', en: 'SMS' },
  agent_visit: { zh: '代理人拜访', en: 'Agent visit' },
  web: { zh: '网站/APP', en: 'Web / app' },
};

export const tierLabels: Record<string, Text> = {
  gold: { zh: '金牌', en: 'Gold' },
  silver: { zh: '银牌', en: 'Silver' },
  ordinary: { zh: '普通', en: 'Ordinary' },
  do_not_serve: { zh: '不服务', en: 'Do not serve' },
  unscored: { zh: '未评分', en: 'Unscored' },
};

/** Dark enough for white text on a tier's tag (4.5:1 and more). */
export const tierColors: Record<string, string> = {
  gold: '#8d6500',
  silver: '#5b6b7c',
  ordinary: '#3e6591',
  do_not_serve: '#b03a37',
  unscored: '#737373',
};

/** Where each known field sits in the field picker; unknown fields go to "other". */
export const fieldCategory: Record<string, keyof typeof ruleText> = {
  age: 'customer',
  gender: 'customer',
  city: 'customer',
  org_unit: 'customer',
  tenure_years: 'customer',
  value_tier: 'customer',
  consent: 'customer',
  do_not_contact: 'customer',
  has_mobile: 'customer',
  has_email: 'customer',
  holds_line: 'holdings',
  holds_product: 'holdings',
  policy_expiring: 'holdings',
  active_policy_count: 'holdings',
  annual_premium: 'holdings',
  claims_count: 'claims',
  claims_amount: 'claims',
  contacted: 'contacts',
  not_contacted: 'contacts',
  responded: 'contacts',
  converted: 'contacts',
};
