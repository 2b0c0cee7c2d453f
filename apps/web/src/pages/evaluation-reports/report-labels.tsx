import { Tag } from 'antd';
import { REPORT_STATUS_NAMES, type ReportOccasion, type ReportStatus } from '@lib/evaluation/reports/report-status';
import { useI18n, type Text } from '../../i18n/i18n';

export const REPORT_TEXT = {
  myReports: { zh: '评估报告', en: 'Evaluation reports' },
  campaign: { zh: '活动', en: 'Campaign' },
  branch: { zh: '机构', en: 'Branch' },
  occasion: { zh: '评估节点', en: 'Occasion' },
  dueDate: { zh: '截止日期', en: 'Due' },
  status: { zh: '状态', en: 'Status' },
  overdue: { zh: '已逾期', en: 'Overdue' },
  all: { zh: '全部', en: 'All' },
  toFill: { zh: '待填报', en: 'To file' },
  toReview: { zh: '待我审核', en: 'To review' },
  none: { zh: '没有评估报告。', en: 'No evaluation reports.' },
  open: { zh: '打开', en: 'Open' },
  compare: { zh: '各机构对比', en: 'All branches' },
  completion: { zh: '活动结束', en: 'Completion' },
  checkpoint: { zh: '阶段评估', en: 'Checkpoint' },
  systemFigure: { zh: '系统数据：{value}', en: 'System figure: {value}' },
  differs: { zh: '与系统数据不同', en: 'Differs from the system' },
  differences: { zh: '{count} 项与系统数据不同', en: '{count} differ from the system' },
  explanation: { zh: '修改说明', en: 'Explanation' },
  explanationFor: { zh: '{field}的修改说明', en: 'Explanation for {field}' },
  explanationHint: { zh: '已修改系统数据，请说明原因', en: 'You changed the system figure: say why' },
  comment: { zh: '审核意见：{text}', en: 'Comment: {text}' },
  reviewComment: { zh: '审核意见', en: "Reviewer's comment" },
  saveDraft: { zh: '保存草稿', en: 'Save draft' },
  submit: { zh: '提交', en: 'Submit' },
  saved: { zh: '草稿已保存', en: 'Draft saved' },
  submitted: { zh: '报告已提交', en: 'Report submitted' },
  printable: { zh: '打印页面', en: 'Printable page' },
  pdf: { zh: '下载 PDF', en: 'PDF' },
  history: { zh: '处理记录', en: 'History' },
  returnReport: { zh: '退回', en: 'Return' },
  approve: { zh: '通过', en: 'Approve' },
  returned: { zh: '已退回', en: 'Returned' },
  approved: { zh: '已通过', en: 'Approved' },
  campaignClosed: { zh: '所有报告已通过，活动已关闭', en: 'Every report is approved: the campaign is closed' },
  overallComment: { zh: '总体意见', en: 'Overall comment' },
  fieldComments: { zh: '字段意见', en: 'Comments on fields' },
  field: { zh: '字段', en: 'Field' },
  addFieldComment: { zh: '添加字段意见', en: 'Add a comment on a field' },
  removeFieldComment: { zh: '删除这条字段意见', en: 'Remove this comment' },
  exportXlsx: { zh: '导出 XLSX', en: 'Export XLSX' },
  sideBySideTitle: { zh: '评估报告对比：{name}', en: 'Evaluation reports: {name}' },
  reportTitle: { zh: '评估报告：{campaign} · {branch}', en: 'Evaluation report: {campaign} · {branch}' },
  approvedCount: { zh: '已通过 {approved} / {reports}', en: '{approved} of {reports} approved' },
  actions: { zh: '操作', en: 'Actions' },
  noReports: { zh: '此活动还没有评估报告。', en: 'This campaign has no evaluation reports yet.' },
  mustFix: { zh: '请先修正标出的问题', en: 'Fix the problems marked first' },
} satisfies Record<string, Text>;

export function StatusTag({ status }: { status: ReportStatus }) {
  const { pick } = useI18n();
  const color: Record<ReportStatus, string> = { draft: 'default', submitted: 'blue', returned: 'orange', resubmitted: 'geekblue', approved: 'green' };
  return <Tag color={color[status]} data-testid="report-status">{pick(REPORT_STATUS_NAMES[status])}</Tag>;
}

export function useOccasionText(): (occasion: ReportOccasion, date: string) => string {
  const { pick } = useI18n();
  return (occasion, date) => `${pick(occasion === 'completion' ? REPORT_TEXT.completion : REPORT_TEXT.checkpoint)} ${date}`;
}
