import { Role } from '@lib/auth';

/** Read campaign results: planners, reviewers, analysts, branches and channels, each within their scope. */
export const RESULT_READERS: readonly Role[] = [
  Role.CampaignManager, Role.Reviewer, Role.Analyst, Role.Admin, Role.BranchExecutor, Role.ChannelManager, Role.SegmentManager,
];

/** Set the margin rates of the product lines (province-wide: only users of the province branch or head office). */
export const MARGIN_RATE_WRITERS: readonly Role[] = [Role.Admin, Role.CampaignManager];
