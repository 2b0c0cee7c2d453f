import type { CodeLabels } from '../../components/code-tag';
import type { Text } from '../../i18n/text';

/** The import pages' own strings, in both languages. */
export const L = {
  title: { zh: '数据导入', en: 'Imports' },
  newImport: { zh: '新建导入', en: 'New import' },
  kind: { zh: '数据类型', en: 'Data' },
  mode: { zh: '导入方式', en: 'Mode' },
  allOrNothing: { zh: '全部成功才导入', en: 'All or nothing' },
  allOrNothingHint: { zh: '文件中有任何错误行时不写入任何数据', en: 'Nothing is written if any row is bad' },
  goodRows: { zh: '导入合格行', en: 'Import the good rows' },
  goodRowsHint: { zh: '写入合格的行，其余行列入拒绝报告', en: 'Good rows are written; the others are reported' },
  drop: { zh: '点击或拖拽 CSV 文件到此处上传', en: 'Click or drop a CSV file here' },
  dropHint: {
    zh: 'UTF-8 或 GBK 编码（Excel 直接另存的 CSV 即可），首行为列名（中文或英文列名均可）',
    en: 'UTF-8 or GBK (a CSV as Excel saves it), with a header row (Chinese or English column names)',
  },
  encodingUtf8: { zh: 'UTF-8 编码', en: 'UTF-8' },
  encodingGb18030: { zh: 'GBK/GB18030 编码，已转换', en: 'GBK/GB18030, converted' },
  rerun: { zh: '重新运行', en: 'Run again' },
  columns: { zh: '列', en: 'Columns' },
  uploaded: { zh: '文件已上传，正在排队导入', en: 'File uploaded; the import is queued' },
  progress: { zh: '导入进度', en: 'Progress' },
  rowsRead: { zh: '已读取', en: 'Rows read' },
  rowsValid: { zh: '合格', en: 'Valid' },
  rowsRejected: { zh: '拒绝', en: 'Rejected' },
  rowsInserted: { zh: '新增', en: 'Inserted' },
  rowsUpdated: { zh: '更新', en: 'Updated' },
  rowsUnchanged: { zh: '未变化', en: 'Unchanged' },
  readSoFar: { zh: '已读取 {rows} 行', en: '{rows} rows read' },
  rejections: { zh: '拒绝行报告', en: 'Rejected rows' },
  download: { zh: '下载 CSV', en: 'Download CSV' },
  lineNo: { zh: '行号', en: 'Line' },
  reason: { zh: '原因', en: 'Reason' },
  raw: { zh: '原始内容', en: 'Raw line' },
  recent: { zh: '最近导入', en: 'Recent imports' },
  file: { zh: '文件', en: 'File' },
  createdAt: { zh: '提交时间', en: 'Submitted' },
  finishedAt: { zh: '完成时间', en: 'Finished' },
  status: { zh: '状态', en: 'Status' },
} satisfies Record<string, Text>;

export const KIND: Record<string, Text> = {
  customers: { zh: '客户', en: 'Customers' },
  policies: { zh: '保单', en: 'Policies' },
  claims: { zh: '理赔', en: 'Claims' },
};

export const STATUS: CodeLabels = {
  queued: { label: { zh: '排队中', en: 'Queued' }, color: 'default' },
  running: { label: { zh: '导入中', en: 'Running' }, color: 'processing' },
  succeeded: { label: { zh: '已完成', en: 'Succeeded' }, color: 'success' },
  rejected: { label: { zh: '已拒绝', en: 'Rejected' }, color: 'warning' },
  failed: { label: { zh: '失败', en: 'Failed' }, color: 'error' },
};

/** The canonical CSV header of each kind, shown as a hint next to the upload. */
export const CSV_COLUMNS: Record<string, string> = {
  customers:
    'customer_no, id_number, name, gender, birth_date, mobile, email, city, org_unit_code, consent_email, consent_phone, consent_sms, consent_agent_visit, do_not_contact',
  policies: 'policy_no, customer_no, product_code, premium, start_date, end_date, status, channel, org_unit_code',
  claims: 'claim_no, policy_no, claim_date, amount, status',
};
