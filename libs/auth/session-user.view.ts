/**
 * The answers of login and GET /auth/me, shared by the server and the web
 * (`@lib/auth/session-user.view`); pure types, no Nest.
 */
import type { Role } from './role';

/** The logged-in user as the API shows them: named fields only, so nothing secret can ride along. */
export interface SessionUserView {
  id: number;
  username: string;
  displayName: string;
  roles: Role[];
  orgUnitId: number;
  orgUnitName: string;
  /** The English name of the home unit, where it has one. */
  orgUnitNameEn: string | null;
  /** 1 head office, 2 province, 3 city, 4 county/district. */
  orgLevel: number;
  /** Materialised path of the home unit, e.g. '/1/2/'. */
  orgPath: string;
}

/** The body of POST /auth/login. */
export interface LoginInput {
  username: string;
  password: string;
}

export interface LoginAnswer {
  /** Session token, to send as Authorization: Bearer …; the web uses the cookie instead. */
  token: string;
  user: SessionUserView;
}
