import { Role } from '@lib/auth';

/** Every role reads the campaigns of its subtree; campaign managers create, copy and change their own. */
export const CAMPAIGN_WRITERS: readonly Role[] = [Role.CampaignManager];

/** Moves of the life cycle: the owner (a campaign manager) or a reviewer; the service checks which of the two the caller is. */
export const CAMPAIGN_MOVERS: readonly Role[] = [Role.CampaignManager, Role.Reviewer];

/** Who sets the approval thresholds (from the province or head office only). */
export const THRESHOLD_SETTERS: readonly Role[] = [Role.Reviewer, Role.Admin];
