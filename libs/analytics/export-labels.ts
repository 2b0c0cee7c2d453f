import type { CampaignObjective, CampaignStatus } from '@lib/campaigns/campaign-status';
import type { LocalText } from '@lib/common/error-messages';
import type { LiftVerdict } from './lift-statistics';

/** The words an export writes for a campaign's codes, as the pages show them: a spreadsheet's reader sees no codes. */
export const STATUS_NAMES: Record<CampaignStatus, LocalText> = {
  draft: { zh: '草稿', en: 'Draft' },
  submitted: { zh: '待审批', en: 'Submitted' },
  returned: { zh: '已退回', en: 'Returned' },
  approved: { zh: '已批准', en: 'Approved' },
  scheduled: { zh: '已排期', en: 'Scheduled' },
  running: { zh: '执行中', en: 'Running' },
  paused: { zh: '已暂停', en: 'Paused' },
  completed: { zh: '已完成', en: 'Completed' },
  closed: { zh: '已关闭', en: 'Closed' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
};

export const OBJECTIVE_NAMES: Record<CampaignObjective, LocalText> = {
  cross_sell: { zh: '交叉销售', en: 'Cross-sell' },
  retention: { zh: '续保/保留', en: 'Renewal / retention' },
  win_back: { zh: '流失挽回', en: 'Win-back' },
  referral: { zh: '转介绍获客', en: 'Referral acquisition' },
};

export const VERDICT_NAMES: Record<LiftVerdict, LocalText> = {
  no_treatment_group: { zh: '无处理组', en: 'No treatment group' },
  no_control_group: { zh: '无对照组', en: 'No control group' },
  control_too_small: { zh: '对照组太小', en: 'Control too small' },
  significant_up: { zh: '显著提升', en: 'Significant lift' },
  significant_down: { zh: '显著下降', en: 'Significant drop' },
  no_significant_difference: { zh: '无显著差异', en: 'No significant difference' },
};
