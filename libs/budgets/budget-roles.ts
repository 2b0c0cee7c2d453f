import { Role } from '@lib/auth';

/** Open pools, fund them and allocate them to sub-pools; approve or reject budget raises. */
export const BUDGET_APPROVERS: readonly Role[] = [Role.Reviewer, Role.Admin];

/** Split a campaign's budget and ask for more: the planners who own campaigns. */
export const BUDGET_PLANNERS: readonly Role[] = [Role.CampaignManager];

/** Enter manual spend lines for their branch. */
export const SPEND_RECORDERS: readonly Role[] = [Role.BranchExecutor];
