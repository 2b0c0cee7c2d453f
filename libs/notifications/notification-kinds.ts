/** What the platform tells staff about, with the texts in both languages; `{name}` takes the notification's params. */
export const NOTIFICATION_TEXTS = {
  campaign_submitted: {
    title: { zh: '活动“{name}”（{code}）待您审批', en: 'Campaign “{name}” ({code}) awaits your approval' },
    body: { zh: '{actor} 提交了活动计划，请审批或退回。', en: '{actor} submitted the plan: please approve it or return it.' },
  },
  campaign_approved: {
    title: { zh: '活动“{name}”（{code}）已审批通过', en: 'Campaign “{name}” ({code}) is approved' },
    body: { zh: '{actor} 批准了活动计划。', en: '{actor} approved the plan.' },
  },
  campaign_returned: {
    title: { zh: '活动“{name}”（{code}）被退回修改', en: 'Campaign “{name}” ({code}) was returned' },
    body: { zh: '{actor} 退回了活动计划：{comment}', en: '{actor} returned the plan: {comment}' },
  },
  campaign_assigned: {
    title: { zh: '贵机构参与活动“{name}”（{code}）', en: 'Your branch takes part in campaign “{name}” ({code})' },
    body: { zh: '活动期间 {startDate} 至 {endDate}，请做好执行准备。', en: 'It runs from {startDate} to {endDate}: please prepare your part.' },
  },
  budget_raise_requested: {
    title: { zh: '活动“{name}”（{code}）申请追加预算 {amount} 元', en: 'Campaign “{name}” ({code}) asks for {amount} yuan more' },
    body: { zh: '{actor} 申请追加预算：{reason}', en: '{actor} asks to raise the budget: {reason}' },
  },
  budget_raise_approved: {
    title: { zh: '活动“{name}”（{code}）追加预算 {amount} 元已批准', en: 'The raise of {amount} yuan for campaign “{name}” ({code}) is approved' },
    body: { zh: '{actor} 批准了追加预算，已从预算池中预留。{comment}', en: '{actor} approved the raise; it is reserved from the budget pool. {comment}' },
  },
  budget_raise_rejected: {
    title: { zh: '活动“{name}”（{code}）追加预算 {amount} 元未获批准', en: 'The raise of {amount} yuan for campaign “{name}” ({code}) was rejected' },
    body: { zh: '{actor} 未批准追加预算：{comment}', en: '{actor} rejected the raise: {comment}' },
  },
  step_budget_exhausted: {
    title: { zh: '活动“{name}”（{code}）预算用尽，{channel}步骤已停止发送', en: 'Campaign “{name}” ({code}) ran out of budget: its {channel} step stopped' },
    body: { zh: '剩余联系人未发送，以免超支。追加预算后可继续。', en: 'The remaining contacts were not sent, so as not to overspend. Raise the budget to go on.' },
  },
  evaluation_report_submitted: {
    title: { zh: '{branch}提交了活动“{name}”（{code}）的评估报告', en: '{branch} submitted its evaluation report on campaign “{name}” ({code})' },
    body: { zh: '{actor} 提交了评估报告，请审核。', en: '{actor} submitted the report: please review it.' },
  },
  evaluation_report_returned: {
    title: { zh: '活动“{name}”（{code}）的评估报告被退回', en: 'The evaluation report on campaign “{name}” ({code}) was returned' },
    body: { zh: '{actor} 退回了评估报告：{comment}', en: '{actor} returned the report: {comment}' },
  },
} as const;

export type NotificationKind = keyof typeof NOTIFICATION_TEXTS;
export const NOTIFICATION_KINDS = Object.keys(NOTIFICATION_TEXTS) as NotificationKind[];

export type NotificationParams = Record<string, string | number>;

export interface BilingualText {
  zh: string;
  en: string;
}

/** The texts of a notification with its params filled in; a missing param stays empty. */
export function notificationText(kind: NotificationKind, params: NotificationParams): { title: BilingualText; body: BilingualText } {
  const texts = NOTIFICATION_TEXTS[kind];
  const fill = (text: string) => text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
  return {
    title: { zh: fill(texts.title.zh), en: fill(texts.title.en) },
    body: { zh: fill(texts.body.zh), en: fill(texts.body.en) },
  };
}
