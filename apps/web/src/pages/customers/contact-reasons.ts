import type { Params, Text } from '../../i18n/text';
import { reasonLabels } from '../contact-policies/contact-text';

/** What the contact history says of an event's reason (libs/dispatch, docs/call-centre.md, docs/field-tasks.md); its code where unknown. */
const HISTORY_REASONS: Record<string, Text> = {
  ...reasonLabels,
  no_address: { zh: '没有邮箱地址', en: 'No email address' },
  budget_exhausted: { zh: '预算已用完', en: 'Budget exhausted' },
  outside_step_branches: { zh: '不在该步骤覆盖的机构', en: "Outside the step's branches" },
  no_answer: { zh: '无人接听', en: 'No answer' },
  busy: { zh: '占线', en: 'Busy' },
  wrong_number: { zh: '号码错误', en: 'Wrong number' },
  callback: { zh: '约定回拨', en: 'Call back' },
  not_interested: { zh: '不感兴趣', en: 'Not interested' },
  interested: { zh: '有意向', en: 'Interested' },
  converted: { zh: '成交', en: 'Converted' },
  do_not_call_again: { zh: '不再致电', en: 'Do not call again' },
  visited: { zh: '已走访', en: 'Visited' },
  quoted: { zh: '已报价', en: 'Quoted' },
  sold: { zh: '成交', en: 'Sold' },
  declined: { zh: '客户拒绝', en: 'Declined' },
  unreachable: { zh: '未见到客户', en: 'Unreachable' },
};

const CONNECTION: Text = { zh: '无法连接邮件服务器', en: 'Could not reach the mail server' };
const SMTP_REFUSED: Text = { zh: '邮件服务器拒收（{code}）', en: 'Refused by the mail server ({code})' };
const DEAD_LETTER: Text = { zh: '{reason}，已转入发送失败待处理', en: '{reason}; moved to the dead letters' };

type Pick = (text: Text, params?: Params) => string;

/** A failed send's class ('connection', 'connection_econnrefused', 'smtp_550'), prefixed 'dead_letter:' when no attempt is left. */
export function contactReason(pick: Pick, reason: string): string {
  if (reason.startsWith('dead_letter:')) return pick(DEAD_LETTER, { reason: contactReason(pick, reason.slice('dead_letter:'.length)) });
  if (reason === 'connection' || reason.startsWith('connection_')) return pick(CONNECTION);
  const smtp = /^smtp_(\d{3})$/.exec(reason);
  if (smtp) return pick(SMTP_REFUSED, { code: smtp[1] });
  return HISTORY_REASONS[reason] ? pick(HISTORY_REASONS[reason]) : reason;
}
