import { Injectable } from '@nestjs/common';
import { UnauthorizedError } from '@lib/common';
import { AuthUser } from './auth-user';
import { LoginThrottle } from './login-throttle';
import { DUMMY_PASSWORD_HASH, verifyPassword } from './password';
import { SessionStore } from './session-store';
import { UserDirectory } from './user-directory';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UserDirectory,
    private readonly sessions: SessionStore,
    private readonly throttle: LoginThrottle,
  ) {}

  async login(username: string, password: string, ip: string): Promise<{ token: string; user: AuthUser }> {
    await this.throttle.assertAllowed(username, ip);
    const found = await this.users.findByUsername(username);
    const passwordHash = found ? await this.users.passwordHashOf(found.id) : null;
    const valid = await verifyPassword(password, passwordHash ?? DUMMY_PASSWORD_HASH);
    if (!found || !valid || !found.active) {
      await this.throttle.recordFailure(username, ip);
      throw new UnauthorizedError('Wrong user name or password', 'wrong_credentials');
    }
    await this.throttle.recordSuccess(username);
    await this.users.touchLogin(found.id);
    const { active: _active, ...user } = found;
    return { token: await this.sessions.create(user.id), user };
  }

  async logout(token: string): Promise<void> {
    await this.sessions.destroy(token);
  }

  /** The user behind a session token, or null when the token is unknown, expired or the user is disabled. */
  async authenticate(token: string): Promise<AuthUser | null> {
    const userId = await this.sessions.userIdFor(token);
    if (userId === null) return null;
    const found = await this.users.findById(userId);
    if (!found || !found.active) return null;
    const { active: _active, ...user } = found;
    return user;
  }
}
