import { Role } from '@lib/auth';

/** Every role reads segments within its subtree; these create and change them. */
export const SEGMENT_WRITERS: readonly Role[] = [Role.SegmentManager, Role.Admin];

/** Campaign managers take snapshots too, as campaign audiences are frozen that way. */
export const SNAPSHOT_TAKERS: readonly Role[] = [Role.SegmentManager, Role.CampaignManager, Role.Admin];
