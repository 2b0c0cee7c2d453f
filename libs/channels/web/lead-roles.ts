import { Role } from '@lib/auth/role';

/** Who works the leads: they call the customers back, so they see their phone numbers. */
export const LEAD_READERS: readonly Role[] = [Role.BranchExecutor, Role.ChannelManager];
export const LEAD_WRITERS: readonly Role[] = [Role.BranchExecutor];
