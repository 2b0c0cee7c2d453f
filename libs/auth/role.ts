/** The roles of BRIEF.md. A user holds one or more. */
export enum Role {
  Admin = 'admin',
  CampaignManager = 'campaign_manager',
  SegmentManager = 'segment_manager',
  ChannelManager = 'channel_manager',
  BranchExecutor = 'branch_executor',
  Reviewer = 'reviewer',
  Analyst = 'analyst',
  CallAgent = 'call_agent',
}

/** A role as JSON spells it, the web's name for one. */
export type RoleName = `${Role}`;

export const ALL_ROLES = Object.values(Role);

/** Roles that work with customers directly and so see full phone and id numbers in the single view. */
export const PERSONAL_DATA_ROLES: readonly Role[] = [Role.BranchExecutor, Role.ChannelManager, Role.CallAgent];
