import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ForbiddenError, UnauthorizedError } from '@lib/common';
import { AuthService } from './auth.service';
import { hasAnyRole } from './auth-user';
import { PROVINCE_WIDE_KEY, PUBLIC_KEY, ROLES_KEY } from './decorators';
import { Role } from './role';
import { sessionTokenOf } from './session-token';

/** Level of a province branch in the org tree (head office 1, province 2, city 3, county 4). */
const PROVINCE_LEVEL = 2;

/**
 * Global guard: every endpoint needs a valid session unless marked @Public(), and
 * one of the roles named by @Roles() when it names any, and a province-level home unit
 * for @ProvinceWide() endpoints. Org-unit scope is checked
 * by the services, which take the user's scope as an argument.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const request = context.switchToHttp().getRequest();
    const token = sessionTokenOf(request);
    const user = token ? await this.auth.authenticate(token) : null;
    if (!user) throw new UnauthorizedError();
    request.user = user;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && roles.length > 0 && !hasAnyRole(user, roles)) {
      throw new ForbiddenError(`This needs one of the roles: ${roles.join(', ')}`, 'role_required', { roles });
    }
    if (this.reflector.getAllAndOverride<boolean>(PROVINCE_WIDE_KEY, targets) && user.orgLevel > PROVINCE_LEVEL) {
      throw new ForbiddenError('Only users of the province branch or head office may change this', 'province_wide_only');
    }
    return true;
  }
}
