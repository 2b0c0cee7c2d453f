import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createFixtureOrg, createUser, FIXTURE_PASSWORD, FixtureOrg, resetState } from './support/fixtures';
import { call, login, startApi } from './support/test-app';

const SESSION_USER_KEYS = ['displayName', 'id', 'orgLevel', 'orgPath', 'orgUnitId', 'orgUnitName', 'orgUnitNameEn', 'roles', 'username'];
const USER_VIEW_KEYS = ['active', 'createdAt', 'displayName', 'id', 'lastLoginAt', 'orgUnitId', 'orgUnitName', 'orgUnitNameEn', 'roles', 'username'];

/** A bcrypt hash anywhere in an answer, or a key that names a password or a secret. */
function secretsIn(body: unknown): string[] {
  const text = JSON.stringify(body);
  const found = text.match(/\$2[aby]\$\d\d\$[./A-Za-z0-9]{53}/g) ?? [];
  const keys = [...text.matchAll(/"([^"]*(?:password|hash|secret)[^"]*)":/gi)].map((match) => match[1]);
  return [...found, ...keys];
}

describe('Login and sessions', () => {
  let app: NestFastifyApplication;
  let org: FixtureOrg;

  beforeAll(async () => {
    app = await startApi();
    const db = await resetState(app);
    org = await createFixtureOrg(db);
    await createUser(db, 'planner', org.province, ['campaign_manager']);
    await createUser(db, 'locked.out', org.province, ['analyst']);
    await createUser(db, 'admin.city', org.cityA, ['admin']);
    await createUser(db, 'exec.jiangning', org.countyA1, ['branch_executor']);
  });

  afterAll(async () => {
    await app.close();
  });

  it('gives a token that identifies the user, and logout ends it', async () => {
    const token = await login(app, 'planner', FIXTURE_PASSWORD);
    const me = await call(app, 'GET', '/api/auth/me', { token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ username: 'planner', roles: ['campaign_manager'], orgLevel: 2 });

    expect((await call(app, 'POST', '/api/auth/logout', { token })).status).toBe(204);
    expect((await call(app, 'GET', '/api/auth/me', { token })).status).toBe(401);
  });

  it('shows users in login, me and user administration without a password hash or any other secret', async () => {
    const loginAnswer = await call(app, 'POST', '/api/auth/login', { body: { username: 'admin.city', password: FIXTURE_PASSWORD } });
    expect(Object.keys(loginAnswer.body).sort()).toEqual(['token', 'user']);
    expect(Object.keys(loginAnswer.body.user).sort()).toEqual(SESSION_USER_KEYS);
    const token = loginAnswer.body.token;

    const me = await call(app, 'GET', '/api/auth/me', { token });
    expect(Object.keys(me.body).sort()).toEqual(SESSION_USER_KEYS);

    const created = await call(app, 'POST', '/api/users', {
      token,
      body: { username: 'new.agent', displayName: '新同事', password: 'Start1234', orgUnitId: org.countyA2, roles: ['branch_executor'] },
    });
    expect(created.status).toBe(201);
    const updated = await call(app, 'PATCH', `/api/users/${created.body.id}`, { token, body: { password: 'Other1234' } });
    const fetched = await call(app, 'GET', `/api/users/${created.body.id}`, { token });
    const list = await call(app, 'GET', '/api/users', { token });
    for (const user of [created.body, updated.body, fetched.body, ...list.body.items]) {
      expect(Object.keys(user).sort()).toEqual(USER_VIEW_KEYS);
    }
    const answers = [loginAnswer.body.user, me.body, created.body, updated.body, fetched.body, list.body];
    expect(answers.flatMap(secretsIn)).toEqual([]);
  });

  it('ends every session of a user whose password an admin changes, and the new password logs in', async () => {
    const admin = await login(app, 'admin.city', FIXTURE_PASSWORD);
    const atDesk = await login(app, 'exec.jiangning', FIXTURE_PASSWORD);
    const onPhone = await login(app, 'exec.jiangning', FIXTURE_PASSWORD);
    const me = await call(app, 'GET', '/api/auth/me', { token: atDesk });

    const changed = await call(app, 'PATCH', `/api/users/${me.body.id}`, { token: admin, body: { password: 'Changed2026' } });
    expect(changed.status).toBe(200);

    expect((await call(app, 'GET', '/api/auth/me', { token: atDesk })).status).toBe(401);
    expect((await call(app, 'GET', '/api/auth/me', { token: onPhone })).status).toBe(401);
    expect((await call(app, 'GET', '/api/auth/me', { token: admin })).status).toBe(200);
    await expect(login(app, 'exec.jiangning', 'Changed2026')).resolves.toEqual(expect.any(String));
    await expect(login(app, 'exec.jiangning', FIXTURE_PASSWORD)).rejects.toThrow(/401/);
  });

  it('keeps the session an admin changes their own password from, and ends their other sessions', async () => {
    const here = await login(app, 'admin.city', FIXTURE_PASSWORD);
    const elsewhere = await login(app, 'admin.city', FIXTURE_PASSWORD);
    const me = await call(app, 'GET', '/api/auth/me', { token: here });

    expect((await call(app, 'PATCH', `/api/users/${me.body.id}`, { token: here, body: { password: 'Mine2026x' } })).status).toBe(200);

    expect((await call(app, 'GET', '/api/auth/me', { token: here })).status).toBe(200);
    expect((await call(app, 'GET', '/api/auth/me', { token: elsewhere })).status).toBe(401);
  });

  it('does not revive the sessions of a deactivated user when they are activated again', async () => {
    const admin = await login(app, 'admin.city', 'Mine2026x');
    const executor = await login(app, 'exec.jiangning', 'Changed2026');
    const me = await call(app, 'GET', '/api/auth/me', { token: executor });

    await call(app, 'PATCH', `/api/users/${me.body.id}`, { token: admin, body: { active: false } });
    await call(app, 'PATCH', `/api/users/${me.body.id}`, { token: admin, body: { active: true } });

    expect((await call(app, 'GET', '/api/auth/me', { token: executor })).status).toBe(401);
  });

  it('refuses a wrong password with 401 and locks the account after repeated failures', async () => {
    for (let i = 0; i < 5; i++) {
      const answer = await call(app, 'POST', '/api/auth/login', { body: { username: 'locked.out', password: 'wrong' } });
      expect(answer.status).toBe(401);
    }
    const locked = await call(app, 'POST', '/api/auth/login', { body: { username: 'locked.out', password: FIXTURE_PASSWORD } });
    expect(locked.status).toBe(429);
    expect(locked.headers['retry-after']).toBeDefined();
  });

  it('names the bad field when the login body is wrong', async () => {
    const answer = await call(app, 'POST', '/api/auth/login', { body: { username: 42, password: 'x', admin: true } });
    expect(answer.status).toBe(400);
    expect(new Set(answer.body.details.map((d: { field: string }) => d.field))).toEqual(new Set(['admin', 'username']));
  });

  it('answers malformed JSON with 400', async () => {
    const answer = await call(app, 'POST', '/api/auth/login', { rawBody: '{"username": ' });
    expect(answer.status).toBe(400);
  });

  it('reports PostgreSQL and Redis in the health check', async () => {
    const answer = await call(app, 'GET', '/health');
    expect(answer.body).toEqual({ status: 'ok', postgres: 'up', redis: 'up' });
  });
});
