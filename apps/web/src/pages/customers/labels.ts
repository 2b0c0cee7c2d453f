import type { CodeLabels } from '../../components/code-tag';
import type { Text } from '../../i18n/text';

/** The customer pages' own strings, in both languages. */
export const L = {
  title: { zh: '客户', en: 'Customers' },
  query: { zh: '客户号 / 姓名 / 手机号', en: 'Customer no. / name / mobile' },
  orgUnit: { zh: '所属机构', en: 'Org unit' },
  allUnits: { zh: '全部机构', en: 'All units' },
  queryHelp: {
    zh: '客户号（不区分大小写）、手机号（可带 +86、空格或横线）、手机号后四位，或姓名的开头',
    en: 'Customer no. (any case), mobile (+86, spaces or dashes are fine), its last four digits, or the start of a name',
  },
  noMatch: { zh: '没有找到匹配“{q}”的客户', en: 'No customer matches “{q}”' },
  noMatchSearched: {
    zh: '已在{unit}中按客户号（不区分大小写）、手机号或手机号后四位、姓名开头查找。',
    en: 'Searched {unit} for a customer number (any case), a mobile number or its last four digits, and names starting with it.',
  },
  noMatchInUnits: { zh: '您可见的全部机构', en: 'all the units you can see' },
  noMatchWiden: {
    zh: '请核对号码，或只输入手机号后四位、姓名的第一个字。',
    en: 'Check the number, or type only the last four digits of the mobile or the first character of the name.',
  },
  noMatchClearUnit: { zh: '清除机构条件，在全部机构中查找', en: 'Search all units instead' },
  noCustomerInUnit: { zh: '所选机构下没有客户', en: 'The chosen unit has no customers' },
  customerNo: { zh: '客户号', en: 'Customer no.' },
  idNumber: { zh: '证件号码', en: 'ID number' },
  name: { zh: '姓名', en: 'Name' },
  gender: { zh: '性别', en: 'Gender' },
  birthDate: { zh: '出生日期', en: 'Birth date' },
  age: { zh: '年龄', en: 'Age' },
  mobile: { zh: '手机号', en: 'Mobile' },
  email: { zh: '邮箱', en: 'Email' },
  city: { zh: '城市', en: 'City' },
  valueTier: { zh: '价值等级', en: 'Value tier' },
  valueScore: { zh: '价值得分', en: 'Value score' },
  doNotContact: { zh: '禁止联系', en: 'Do not contact' },
  doNotContactSince: { zh: '禁止联系（自 {date}）', en: 'Do not contact (since {date})' },
  contactable: { zh: '可联系', en: 'Contactable' },
  consents: { zh: '联系授权', en: 'Consents' },
  masked: { zh: '敏感信息已脱敏', en: 'Personal data masked' },
  profile: { zh: '客户资料', en: 'Profile' },
  policies: { zh: '保单', en: 'Policies' },
  claims: { zh: '理赔', en: 'Claims' },
  policyNo: { zh: '保单号', en: 'Policy no.' },
  product: { zh: '产品', en: 'Product' },
  premium: { zh: '保费（元）', en: 'Premium (CNY)' },
  period: { zh: '保险期间', en: 'Period' },
  status: { zh: '状态', en: 'Status' },
  channel: { zh: '渠道', en: 'Channel' },
  claimNo: { zh: '赔案号', en: 'Claim no.' },
  claimDate: { zh: '出险日期', en: 'Claim date' },
  amount: { zh: '金额（元）', en: 'Amount (CNY)' },
  noPolicies: { zh: '暂无保单', en: 'No policies' },
  noClaims: { zh: '暂无理赔', en: 'No claims' },
  nextBestOffer: { zh: '下一最佳推荐', en: 'Next best offer' },
  expectedValue: { zh: '预期价值', en: 'Expected value' },
  acceptanceRate: { zh: '预计接受率', en: 'Acceptance rate' },
  noOffers: { zh: '暂无推荐', en: 'No offer for this customer' },
  notFound: { zh: '客户不存在，或不在您的机构范围内', en: 'No such customer within your org units' },
} satisfies Record<string, Text>;

export const GENDER: Record<string, Text> = {
  M: { zh: '男', en: 'Male' },
  F: { zh: '女', en: 'Female' },
};

export const TIER: CodeLabels = {
  gold: { label: { zh: '金牌', en: 'Gold' }, color: 'gold' },
  silver: { label: { zh: '银牌', en: 'Silver' }, color: 'default' },
  ordinary: { label: { zh: '普通', en: 'Ordinary' }, color: 'blue' },
  do_not_serve: { label: { zh: '不服务', en: 'Do not serve' }, color: 'red' },
};

export const CONSENT: Record<'email' | 'phone' | 'sms' | 'agentVisit', Text> = {
  phone: { zh: '电话', en: 'Phone' },
  sms: { zh: '短信', en: 'SMS' },
  email: { zh: '电子邮件', en: 'Email' },
  agentVisit: { zh: '代理人拜访', en: 'Agent visit' },
};

export const POLICY_STATUS: CodeLabels = {
  active: { label: { zh: '有效', en: 'Active' }, color: 'green' },
  pending: { label: { zh: '待生效', en: 'Pending' }, color: 'processing' },
  expired: { label: { zh: '已到期', en: 'Expired' }, color: 'default' },
  cancelled: { label: { zh: '已退保', en: 'Cancelled' }, color: 'red' },
};

export const CLAIM_STATUS: CodeLabels = {
  open: { label: { zh: '处理中', en: 'Open' }, color: 'processing' },
  paid: { label: { zh: '已赔付', en: 'Paid' }, color: 'green' },
  closed: { label: { zh: '已结案', en: 'Closed' }, color: 'default' },
  rejected: { label: { zh: '已拒赔', en: 'Rejected' }, color: 'red' },
};

export const CHANNEL: Record<string, Text> = {
  agent: { zh: '代理人', en: 'Agent' },
  call_centre: { zh: '电销', en: 'Call centre' },
  online: { zh: '网销', en: 'Online' },
  bancassurance: { zh: '银保', en: 'Bancassurance' },
  dealer: { zh: '车商', en: 'Car dealer' },
  direct: { zh: '直销', en: 'Direct' },
};
