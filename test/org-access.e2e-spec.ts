import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { createFixtureOrg, createUser, FIXTURE_PASSWORD, FixtureOrg, resetState } from './support/fixtures';
import { call, HttpAnswer, login, loginNewUser, startApi } from './support/test-app';

function fieldsOf(answer: HttpAnswer): string[] {
  return [...new Set<string>((answer.body.details ?? []).map((detail: { field: string }) => detail.field))].sort();
}

describe('Org units and users: roles and org-unit scope', () => {
  let app: NestFastifyApplication;
  let db: DataSource;
  let org: FixtureOrg;
  let provinceAdmin: string;
  let countyAdmin: string;
  let analyst: string;
  let countyA2Executor: number;

  beforeAll(async () => {
    app = await startApi();
    db = await resetState(app);
    org = await createFixtureOrg(db);
    provinceAdmin = await loginNewUser(app, 'prov.admin', org.province, ['admin']);
    countyAdmin = await loginNewUser(app, 'a1.admin', org.countyA1, ['admin']);
    analyst = await loginNewUser(app, 'prov.analyst', org.province, ['analyst']);
    countyA2Executor = await createUser(db, 'a2.executor', org.countyA2, ['branch_executor']);
  });

  afterAll(async () => {
    await app.close();
  });

  it('shows a county admin only their own county', async () => {
    const units = await call(app, 'GET', '/api/org-units', { token: countyAdmin });
    expect(units.status).toBe(200);
    expect(units.body.map((unit: { code: string }) => unit.code)).toEqual(['COUNTY_A1']);

    const users = await call(app, 'GET', '/api/users', { token: countyAdmin });
    expect(users.status).toBe(200);
    expect(users.body).toMatchObject({ total: 1, page: 1, pageSize: 20, items: [{ username: 'a1.admin' }] });
    expect(users.body.items[0]).not.toHaveProperty('passwordHash');
  });

  it("answers 404 when a county admin reads or changes another county's unit or users", async () => {
    const unit = `/api/org-units/${org.countyA2}`;
    expect((await call(app, 'GET', unit, { token: countyAdmin })).status).toBe(404);
    expect((await call(app, 'PATCH', unit, { token: countyAdmin, body: { name: 'taken over' } })).status).toBe(404);
    expect((await call(app, 'DELETE', unit, { token: countyAdmin })).status).toBe(404);
    const created = await call(app, 'POST', '/api/org-units', { token: countyAdmin, body: { code: 'X1', name: 'x', parentId: org.cityA } });
    expect(created.status).toBe(404);

    const user = `/api/users/${countyA2Executor}`;
    expect((await call(app, 'GET', user, { token: countyAdmin })).status).toBe(404);
    expect((await call(app, 'PATCH', user, { token: countyAdmin, body: { active: false } })).status).toBe(404);

    const [{ name }] = await db.query('SELECT name FROM org_units WHERE id = $1', [org.countyA2]);
    expect(name).toBe('浦口支公司');
    const [{ active }] = await db.query('SELECT active FROM users WHERE id = $1', [countyA2Executor]);
    expect(active).toBe(true);
  });

  it('lets a province admin create a user in CITY_B, but not a county admin', async () => {
    const body = { username: 'b.planner', displayName: '李强', password: 'Planner2026', orgUnitId: org.cityB, roles: ['campaign_manager'] };
    expect((await call(app, 'POST', '/api/users', { token: countyAdmin, body })).status).toBe(404);

    const created = await call(app, 'POST', '/api/users', { token: provinceAdmin, body });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ username: 'b.planner', orgUnitId: org.cityB, orgUnitName: '苏州分公司', active: true });
    expect(created.body).not.toHaveProperty('password');
    expect(created.body).not.toHaveProperty('passwordHash');

    const duplicate = await call(app, 'POST', '/api/users', { token: provinceAdmin, body: { ...body, username: 'B.Planner' } });
    expect(duplicate.status).toBe(409);
  });

  it('lets a province admin manage units in the province: create, rename, move, delete', async () => {
    const created = await call(app, 'POST', '/api/org-units', {
      token: provinceAdmin,
      body: { code: 'COUNTY_B2', name: '常熟支公司', nameEn: 'Changshu', parentId: org.cityB },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ code: 'COUNTY_B2', level: 4, parentId: org.cityB });
    const url = `/api/org-units/${created.body.id}`;

    const moved = await call(app, 'PATCH', url, { token: provinceAdmin, body: { parentId: org.cityA, nameEn: null } });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ parentId: org.cityA, nameEn: null, path: `/${org.hq}/${org.province}/${org.cityA}/${created.body.id}/` });
    expect((await call(app, 'PATCH', url, { token: provinceAdmin, body: {} })).status).toBe(200);

    expect((await call(app, 'DELETE', url, { token: provinceAdmin })).status).toBe(204);
    expect((await call(app, 'GET', url, { token: provinceAdmin })).status).toBe(404);
    expect((await call(app, 'DELETE', `/api/org-units/${org.cityA}`, { token: provinceAdmin })).status).toBe(409);
  });

  it('lets every logged-in user read the units of their subtree, but only admins change units or touch users', async () => {
    const units = await call(app, 'GET', '/api/org-units', { token: analyst });
    expect(units.status).toBe(200);
    expect(units.body).toHaveLength(6);
    expect((await call(app, 'GET', `/api/org-units/${org.cityA}`, { token: analyst })).status).toBe(200);

    const forbidden = await call(app, 'PATCH', `/api/org-units/${org.cityA}`, { token: analyst, body: { name: 'x' } });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toMatchObject({ code: 'role_required', params: { roles: ['admin'] } });
    expect((await call(app, 'POST', '/api/org-units', { token: analyst, body: { code: 'X2', name: 'x', parentId: org.cityA } })).status).toBe(403);
    expect((await call(app, 'DELETE', `/api/org-units/${org.countyB1}`, { token: analyst })).status).toBe(403);
    const newUser = { username: 'sneaky', displayName: 'x', password: 'Sneaky123', orgUnitId: org.province, roles: ['admin'] };
    expect((await call(app, 'POST', '/api/users', { token: analyst, body: newUser })).status).toBe(403);
    expect((await call(app, 'GET', '/api/users', { token: analyst })).status).toBe(403);
    expect((await call(app, 'PATCH', `/api/users/${countyA2Executor}`, { token: analyst, body: { active: false } })).status).toBe(403);
  });

  it('asks for a login on every org and user endpoint', async () => {
    expect((await call(app, 'GET', '/api/org-units')).status).toBe(401);
    expect((await call(app, 'GET', '/api/users')).status).toBe(401);
  });

  it("ends a deactivated user's sessions at once, and lets them back in when reactivated", async () => {
    const id = await createUser(db, 'a1.leaver', org.countyA1, ['analyst']);
    const token = await login(app, 'a1.leaver', FIXTURE_PASSWORD);
    expect((await call(app, 'GET', '/api/org-units', { token })).status).toBe(200);

    const deactivated = await call(app, 'PATCH', `/api/users/${id}`, { token: countyAdmin, body: { active: false } });
    expect(deactivated.status).toBe(200);
    expect(deactivated.body.active).toBe(false);
    expect((await call(app, 'GET', '/api/org-units', { token })).status).toBe(401);
    expect((await call(app, 'POST', '/api/auth/login', { body: { username: 'a1.leaver', password: FIXTURE_PASSWORD } })).status).toBe(401);

    await call(app, 'PATCH', `/api/users/${id}`, { token: countyAdmin, body: { active: true } });
    await expect(login(app, 'a1.leaver', FIXTURE_PASSWORD)).resolves.toEqual(expect.any(String));
  });

  it('refuses an admin deactivating themself with 400', async () => {
    const me = await call(app, 'GET', '/api/auth/me', { token: countyAdmin });
    const answer = await call(app, 'PATCH', `/api/users/${me.body.id}`, { token: countyAdmin, body: { active: false } });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'deactivate_self', message: '不能停用您自己的账号' });
    expect((await call(app, 'GET', '/api/org-units', { token: countyAdmin })).status).toBe(200);
  });

  describe('bad input gets 400 naming the field', () => {
    const writes = () => [
      { method: 'POST' as const, url: '/api/org-units' },
      { method: 'PATCH' as const, url: `/api/org-units/${org.countyB1}` },
      { method: 'POST' as const, url: '/api/users' },
      { method: 'PATCH' as const, url: `/api/users/${countyA2Executor}` },
    ];

    it('malformed JSON', async () => {
      for (const { method, url } of writes()) {
        const answer = await call(app, method, url, { token: provinceAdmin, rawBody: '{"name": ' });
        expect([method, url, answer.status]).toEqual([method, url, 400]);
      }
    });

    it('wrong types, nulls, over-long strings and unknown fields on org units', async () => {
      const created = await call(app, 'POST', '/api/org-units', {
        token: provinceAdmin,
        body: { code: 'C'.repeat(33), name: 42, parentId: '3', isRoot: true },
      });
      expect(created.status).toBe(400);
      expect(fieldsOf(created)).toEqual(['code', 'isRoot', 'name', 'parentId']);

      const changed = await call(app, 'PATCH', `/api/org-units/${org.countyB1}`, {
        token: provinceAdmin,
        body: { name: null, nameEn: 'n'.repeat(101), parentId: 1.5, level: 1 },
      });
      expect(changed.status).toBe(400);
      expect(fieldsOf(changed)).toEqual(['level', 'name', 'nameEn', 'parentId']);
    });

    it('wrong types, nulls, over-long strings and unknown fields on users', async () => {
      const created = await call(app, 'POST', '/api/users', {
        token: provinceAdmin,
        body: { username: 'x y', displayName: 'd'.repeat(101), password: 'short', orgUnitId: 'two', roles: ['root'], passwordHash: 'x' },
      });
      expect(created.status).toBe(400);
      expect(fieldsOf(created)).toEqual(['displayName', 'orgUnitId', 'password', 'passwordHash', 'roles', 'username']);

      const changed = await call(app, 'PATCH', `/api/users/${countyA2Executor}`, {
        token: provinceAdmin,
        body: { active: 'no', roles: [], displayName: null, password: 'onlyletters', username: 'renamed' },
      });
      expect(changed.status).toBe(400);
      expect(fieldsOf(changed)).toEqual(['active', 'displayName', 'password', 'roles', 'username']);
    });

    it('ids that are not numbers, and bad list filters', async () => {
      for (const url of ['/api/org-units/abc', '/api/users/1e3', '/api/users/99999999999']) {
        const answer = await call(app, 'GET', url, { token: provinceAdmin });
        expect([url, answer.status, fieldsOf(answer)]).toEqual([url, 400, ['id']]);
      }
      const list = await call(app, 'GET', '/api/users?active=yes&pageSize=1000&role=root&q=' + 'q'.repeat(101), { token: provinceAdmin });
      expect(list.status).toBe(400);
      expect(fieldsOf(list)).toEqual(['active', 'pageSize', 'q', 'role']);
    });

    it('answers 404, not 500, for ids that do not exist', async () => {
      expect((await call(app, 'GET', '/api/org-units/999999', { token: provinceAdmin })).status).toBe(404);
      expect((await call(app, 'PATCH', '/api/users/999999', { token: provinceAdmin, body: { displayName: 'x' } })).status).toBe(404);
    });
  });
});
