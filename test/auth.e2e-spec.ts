import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createFixtureOrg, createUser, FIXTURE_PASSWORD, resetState } from './support/fixtures';
import { call, login, startApi } from './support/test-app';

describe('Login and sessions', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await startApi();
    const db = await resetState(app);
    const org = await createFixtureOrg(db);
    await createUser(db, 'planner', org.province, ['campaign_manager']);
    await createUser(db, 'locked.out', org.province, ['analyst']);
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
