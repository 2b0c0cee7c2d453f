import { Role } from '@lib/auth';

/** Channel managers own the templates of their channels; admins as everywhere. */
export const TEMPLATE_WRITERS: readonly Role[] = [Role.ChannelManager, Role.Admin];
/** Who reads templates: their writers and the campaign managers who choose them for steps, and everyone who reads campaigns. */
export const TEMPLATE_READERS: readonly Role[] = [...TEMPLATE_WRITERS, Role.CampaignManager, Role.Reviewer, Role.Analyst, Role.BranchExecutor];
