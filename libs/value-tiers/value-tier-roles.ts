import { Role } from '@lib/auth';

/** Every role reads the settings and the distribution; these change the settings and start a recomputation. */
export const VALUE_TIER_WRITERS: readonly Role[] = [Role.Admin, Role.SegmentManager];
