import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ForbiddenError, UnauthorizedError } from '@lib/common';
import { AuthService } from './auth.service';
import { hasAnyRole } from './auth-user';
import { PUBLIC_KEY, ROLES_KEY } from './decorators';
import { Role } from './role';
import { sessionTokenOf } from './session-token';

/**
 * Global guard: every endpoint needs a valid session unless marked @Public(), and
 * one of the roles named by @Roles() when it names any. Org-unit scope is checked
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
      throw new ForbiddenError(`This needs one of the roles: ${roles.join(', ')}`);
    }
    return true;
  }
}
