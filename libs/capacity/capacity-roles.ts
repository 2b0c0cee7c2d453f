import { Role } from '@lib/auth';

/** Set channel capacities, date overrides and default costs per contact. */
export const CAPACITY_MANAGERS: readonly Role[] = [Role.ChannelManager, Role.Admin];
