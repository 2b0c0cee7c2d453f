import type { Text } from '../../i18n/text';

/** The ROI dashboards' words in both languages (docs/roi-dashboards.md explains every figure). */
export const analyticsText = {
  // Portfolio
  portfolioTitle: { zh: '活动效果总览', en: 'Campaign results' },
  portfolioSubtitle: {
    zh: '期间内各活动的投入产出、相对对照组的提升、预算执行与目标达成，仅含您机构范围内的数据',
    en: 'Each campaign of the period: return on spend, lift over the control group, spend against budget and KPI attainment, within your org units',
  },
  period: { zh: '期间', en: 'Period' },
  from: { zh: '开始日期', en: 'From' },
  to: { zh: '结束日期', en: 'To' },
  unit: { zh: '机构', en: 'Org unit' },
  status: { zh: '状态', en: 'Status' },
  objective: { zh: '活动目标', en: 'Objective' },
  search: { zh: '活动编号或名称', en: 'Campaign code or name' },
  exportCsv: { zh: '导出 CSV', en: 'Export CSV' },
  exportXlsx: { zh: '导出 Excel', en: 'Export XLSX' },
  campaign: { zh: '活动', en: 'Campaign' },
  dates: { zh: '活动期间', en: 'Dates' },
  budget: { zh: '预算', en: 'Budget' },
  spend: { zh: '实际支出', en: 'Spend' },
  spendShare: { zh: '预算使用率', en: 'Spend / budget' },
  contacts: { zh: '接触数', en: 'Contacts' },
  delivered: { zh: '送达数', en: 'Delivered' },
  responses: { zh: '响应数', en: 'Responses' },
  conversions: { zh: '转化保单数', en: 'Conversions' },
  premium: { zh: '新增保费', en: 'Premium written' },
  margin: { zh: '边际贡献', en: 'Margin' },
  roi: { zh: '投资回报率', en: 'ROI' },
  roiHint: { zh: '（边际贡献 − 支出）÷ 支出', en: '(margin − spend) ÷ spend' },
  lift: { zh: '转化提升', en: 'Conversion lift' },
  kpiAttainment: { zh: '目标达成', en: 'KPI attainment' },
  evaluationStatus: { zh: '评估状态', en: 'Evaluation' },
  noEvaluation: { zh: '尚无报告', en: 'No reports yet' },
  totals: { zh: '合计', en: 'Total' },
  roiByCampaign: { zh: '各活动投资回报率', en: 'ROI by campaign' },
  spendVsBudgetByCampaign: { zh: '各活动预算与支出', en: 'Budget and spend by campaign' },
  noCampaigns: { zh: '所选期间和机构没有活动', en: 'No campaign in this period and unit' },
  freshAt: { zh: '数据截至 {time}', en: 'Figures as of {time}' },
  // Campaign dashboard
  dashboardTitle: { zh: '效果看板', en: 'Results dashboard' },
  backToPortfolio: { zh: '返回效果总览', en: 'Back to campaign results' },
  campaignPage: { zh: '活动详情', en: 'Campaign page' },
  notLaunched: { zh: '活动尚未启动，还没有效果数据', en: 'The campaign has not been launched: there are no results yet' },
  costPerResponse: { zh: '单次响应成本', en: 'Cost per response' },
  costPerConversion: { zh: '单件转化成本', en: 'Cost per conversion' },
  automaticSpend: { zh: '自动计费', en: 'automatic' },
  manualSpend: { zh: '手工录入', en: 'manual' },
  spendVsBudget: { zh: '预算与支出', en: 'Spend against budget' },
  funnel: { zh: '各渠道转化漏斗', en: 'Funnel per channel' },
  funnelMembers: { zh: '计划接触', en: 'Planned' },
  liftTitle: { zh: '处理组与对照组', en: 'Treatment against control' },
  liftChartLabel: { zh: '处理组与对照组的{outcome}及 95% 置信区间', en: '{outcome} of treatment and control with 95% confidence intervals' },
  conversionRate: { zh: '转化率', en: 'Conversion rate' },
  responseRate: { zh: '响应率', en: 'Response rate' },
  treatment: { zh: '处理组', en: 'Treatment' },
  control: { zh: '对照组', en: 'Control' },
  members: { zh: '成员数', en: 'Members' },
  responders: { zh: '响应客户', en: 'Responders' },
  converters: { zh: '转化客户', en: 'Converters' },
  absoluteLift: { zh: '绝对提升', en: 'Absolute lift' },
  relativeLift: { zh: '相对提升', en: 'Relative lift' },
  pValue: { zh: 'p 值', en: 'p-value' },
  incrementalConversions: { zh: '增量转化客户', en: 'Incremental converters' },
  incrementalResponders: { zh: '增量响应客户', en: 'Incremental responders' },
  incrementalPremium: { zh: '增量保费', en: 'Incremental premium' },
  minDetectableLift: { zh: '最小可检测提升', en: 'Minimum detectable lift' },
  notDefined: { zh: '无法计算', en: 'not defined' },
  points: { zh: '{value} 个百分点', en: '{value} points' },
  interval: { zh: '95% 区间 {low} 至 {high}', en: '95% CI {low} to {high}' },
  liftInterval: { zh: '提升及其 95% 置信区间（百分点）', en: 'Lift with its 95% confidence interval (points)' },
  intervalHint: {
    zh: '点为估计值，横线为 95% 置信区间；区间跨过 0，说明真实提升可能为零。区间越窄，对照组越足以下结论。',
    en: 'The dot is the estimate, the line its 95% confidence interval; an interval across 0 means the true lift may be nothing. The narrower the interval, the more the control group can tell.',
  },
  branchComparison: { zh: '各机构对比', en: 'Branches compared' },
  dailyTrend: { zh: '每日趋势', en: 'Daily trend' },
  controlConversions: { zh: '对照组转化', en: 'Control conversions' },
  breakdowns: { zh: '分项明细', en: 'Breakdowns' },
  kpis: { zh: '目标达成', en: 'KPIs' },
  target: { zh: '目标', en: 'Target' },
  actual: { zh: '实际', en: 'Actual' },
  noTarget: { zh: '未设目标', en: 'No target' },
  showCustomers: { zh: '查看客户', en: 'Show customers' },
  // Drill-down
  drillDownTitle: { zh: '{figure}的客户', en: 'Customers behind {figure}' },
  customerNo: { zh: '客户号', en: 'Customer no.' },
  customerName: { zh: '客户姓名', en: 'Name' },
  mobile: { zh: '手机号', en: 'Mobile' },
  branch: { zh: '机构', en: 'Branch' },
  valueTier: { zh: '价值等级', en: 'Value tier' },
  step: { zh: '步骤', en: 'Step' },
  stepN: { zh: '第 {n} 步', en: 'Step {n}' },
  contactStatus: { zh: '接触状态', en: 'Contact status' },
  contactedAt: { zh: '接触时间', en: 'Contacted at' },
  respondedAt: { zh: '响应时间', en: 'Responded at' },
  policyNo: { zh: '保单号', en: 'Policy no.' },
  product: { zh: '产品', en: 'Product' },
  policyStart: { zh: '保单起期', en: 'Policy start' },
  linesTotal: { zh: '共 {total} 条', en: '{total} lines' },
} satisfies Record<string, Text>;

/** The first column of each breakdown: what its lines are. */
export const LINE_LABELS: Record<string, Text> = {
  channel: { zh: '渠道', en: 'Channel' },
  step: { zh: '步骤', en: 'Step' },
  branch: { zh: '机构', en: 'Branch' },
  segment: { zh: '细分 · 价值等级', en: 'Segment · value tier' },
  value_tier: { zh: '价值等级', en: 'Value tier' },
  day: { zh: '日期', en: 'Day' },
};

/** The breakdowns' tab names. */
export const BREAKDOWN_LABELS: Record<string, Text> = {
  channel: { zh: '按渠道', en: 'By channel' },
  step: { zh: '按步骤', en: 'By step' },
  branch: { zh: '按机构', en: 'By branch' },
  segment: { zh: '按细分', en: 'By segment' },
  value_tier: { zh: '按价值等级', en: 'By value tier' },
  day: { zh: '按日', en: 'By day' },
};

/** The verdicts of lift-statistics, short, for tags and table cells. */
export const VERDICT_LABELS: Record<string, { label: Text; color: string }> = {
  no_treatment_group: { label: { zh: '无处理组', en: 'No treatment group' }, color: 'default' },
  no_control_group: { label: { zh: '无对照组', en: 'No control group' }, color: 'default' },
  control_too_small: { label: { zh: '对照组太小', en: 'Control too small' }, color: 'orange' },
  significant_up: { label: { zh: '显著提升', en: 'Significant lift' }, color: 'green' },
  significant_down: { label: { zh: '显著下降', en: 'Significant drop' }, color: 'red' },
  no_significant_difference: { label: { zh: '无显著差异', en: 'No significant difference' }, color: 'blue' },
};

/** The KPIs of a plan. */
export const KPI_LABELS: Record<string, Text> = {
  contacts: { zh: '接触数', en: 'Contacts' },
  response_rate: { zh: '响应率', en: 'Response rate' },
  conversions: { zh: '转化保单数', en: 'Conversions' },
  premium: { zh: '新增保费', en: 'Premium written' },
};

/** What each drill-down lists, named after the figure it is behind. */
export const DRILL_DOWN_LABELS: Record<string, Text> = {
  members: { zh: '成员', en: 'members' },
  contacts: { zh: '接触', en: 'contacts' },
  responders: { zh: '响应', en: 'responses' },
  converters: { zh: '转化', en: 'conversions' },
};
