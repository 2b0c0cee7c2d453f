import { Role } from '@lib/auth';

/** Every role reads the bundles of its subtree and of the units above it; these create and change them. */
export const BUNDLE_WRITERS: readonly Role[] = [Role.SegmentManager, Role.Admin];
