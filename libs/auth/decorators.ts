import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { AuthUser } from './auth-user';
import { Role } from './role';

export const PUBLIC_KEY = 'auth:public';
export const ROLES_KEY = 'auth:roles';
export const PROVINCE_WIDE_KEY = 'auth:province-wide';

/** The endpoint needs no login (health, login, public tracking). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** Only users holding one of these roles may call the endpoint. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/**
 * The endpoint changes something that has no owning unit and applies to the whole
 * province (value-tier settings, contact policies, the product catalogue): only users
 * of the province branch or the head office may call it.
 */
export const ProvinceWide = () => SetMetadata(PROVINCE_WIDE_KEY, true);

/** The logged-in user of the request. */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest().user;
});
