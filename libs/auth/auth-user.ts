import { OrgScope } from './org-scope';
import { Role } from './role';
import type { SessionUserView } from './session-user.view';

/** The logged-in user, attached to every authenticated request: what the API shows of them, and their scope. */
export interface AuthUser extends Omit<SessionUserView, 'orgPath'> {
  scope: OrgScope;
}

export function hasAnyRole(user: AuthUser, roles: readonly Role[]): boolean {
  return user.roles.some((role) => roles.includes(role));
}
