/**
 * The user administration answers and request bodies, shared by the server and the
 * web (`@lib/org/user.view`); pure types, no Nest.
 */
import type { Role } from '../auth/role';
import type { Page } from '../common/page';

/** A user as the API shows them; never carries the password hash. */
export interface UserView {
  id: number;
  username: string;
  displayName: string;
  roles: Role[];
  orgUnitId: number;
  orgUnitName: string;
  orgUnitNameEn: string | null;
  active: boolean;
  lastLoginAt: Date | null;
  createdAt: Date;
}

export type UserPageView = Page<UserView>;

/** The body of POST /users. */
export interface UserInput {
  username: string;
  displayName: string;
  password: string;
  orgUnitId: number;
  roles: Role[];
}

/** The body of PATCH /users/:id; a new password or active: false ends the user's sessions. */
export interface UserChanges {
  displayName?: string;
  orgUnitId?: number;
  roles?: Role[];
  active?: boolean;
  password?: string;
}
