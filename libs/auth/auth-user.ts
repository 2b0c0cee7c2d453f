import { OrgScope } from './org-scope';
import { Role } from './role';

/** The logged-in user, attached to every authenticated request. */
export interface AuthUser {
  id: number;
  username: string;
  displayName: string;
  roles: Role[];
  orgUnitId: number;
  orgUnitName: string;
  orgUnitNameEn: string | null;
  orgLevel: number;
  scope: OrgScope;
}

export function hasAnyRole(user: AuthUser, roles: readonly Role[]): boolean {
  return user.roles.some((role) => roles.includes(role));
}
