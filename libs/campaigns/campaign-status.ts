/** The life cycle of a campaign (BRIEF.md G8). */
export const CAMPAIGN_STATUSES = [
  'draft', 'submitted', 'returned', 'approved', 'scheduled', 'running', 'paused', 'completed', 'closed', 'cancelled',
] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/**
 * The review of one revision of the plan. A later revision of an approved campaign
 * goes through these while the campaign keeps its own status; the approved revision
 * it replaces becomes superseded.
 */
export const REVISION_STATUSES = ['draft', 'submitted', 'returned', 'approved', 'superseded', 'withdrawn'] as const;
export type RevisionStatus = (typeof REVISION_STATUSES)[number];

export const CAMPAIGN_OBJECTIVES = ['cross_sell', 'retention', 'win_back', 'referral'] as const;
export type CampaignObjective = (typeof CAMPAIGN_OBJECTIVES)[number];
