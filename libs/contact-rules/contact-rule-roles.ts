import { Role } from '@lib/auth';

/** Every role reads contact policies and the do-not-call list; these change the policies. */
export const CONTACT_POLICY_WRITERS: readonly Role[] = [Role.Admin, Role.SegmentManager];

/** Branch staff take a customer's "please stop calling me" at the counter too. */
export const DO_NOT_CALL_WRITERS: readonly Role[] = [Role.Admin, Role.SegmentManager, Role.BranchExecutor];
