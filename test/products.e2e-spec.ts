import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { createCustomer, createFixtureOrg, createPolicy, createProducts, createUser, FIXTURE_PASSWORD, resetState } from './support/fixtures';
import { call, login, startApi } from './support/test-app';

const fields = (answer: { body: { details?: { field: string }[] } }) => (answer.body.details ?? []).map((d) => d.field);

describe('Product catalogue administration', () => {
  let app: NestFastifyApplication;
  let db: DataSource;
  let admin: string;
  let analyst: string;

  beforeAll(async () => {
    app = await startApi();
    db = await resetState(app);
    const org = await createFixtureOrg(db);
    await createProducts(db);
    await createUser(db, 'admin.prov', org.province, ['admin']);
    await createUser(db, 'analyst.prov', org.province, ['analyst']);
    await createPolicy(db, await createCustomer(db, org.countyA1), 'YWX');
    admin = await login(app, 'admin.prov', FIXTURE_PASSWORD);
    analyst = await login(app, 'analyst.prov', FIXTURE_PASSWORD);
  });

  afterAll(async () => {
    await app.close();
  });

  it('lets an admin of any unit add a product for the whole province, and refreshes the table statistics', async () => {
    const body = { code: 'YWX_SENIOR', name: '老年意外险', nameEn: 'Senior accident cover', line: 'accident' };
    const created = await call(app, 'POST', '/api/products', { token: admin, body });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ ...body, active: true });

    const [{ reltuples }] = await db.query(`SELECT reltuples FROM pg_class WHERE relname = 'products'`);
    expect(reltuples).toBe(8);

    const listed = await call(app, 'GET', '/api/products', { token: analyst });
    expect(listed.body).toContainEqual({ ...body, active: true });
  });

  it('lets an admin correct a product, including the line of one that policies use', async () => {
    const edited = await call(app, 'PATCH', '/api/products/YWX', {
      token: admin,
      body: { name: '个人意外险', nameEn: null, line: 'health', active: false },
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toEqual({ code: 'YWX', name: '个人意外险', nameEn: null, line: 'health', active: false });

    const partly = await call(app, 'PATCH', '/api/products/YWX', { token: admin, body: { active: true } });
    expect(partly.body).toEqual({ code: 'YWX', name: '个人意外险', nameEn: null, line: 'health', active: true });

    const listed = await call(app, 'GET', '/api/products', { token: analyst });
    expect(listed.body.find((p: { code: string }) => p.code === 'YWX')).toEqual(partly.body);
  });

  it('refuses other roles with 403', async () => {
    const body = { code: 'NEW_ONE', name: '新产品', line: 'home' };
    expect((await call(app, 'POST', '/api/products', { token: analyst, body })).status).toBe(403);
    expect((await call(app, 'PATCH', '/api/products/JCX', { token: analyst, body: { name: 'x' } })).status).toBe(403);
    const [{ count }] = await db.query(`SELECT count(*)::int AS count FROM products WHERE code = 'NEW_ONE' OR name = 'x'`);
    expect(count).toBe(0);
  });

  it('answers a duplicate code with 409 saying so', async () => {
    const answer = await call(app, 'POST', '/api/products', { token: admin, body: { code: 'JQX', name: '重复', line: 'home' } });
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({ code: 'duplicate_code', params: { code: 'JQX' }, message: '代码 JQX 已被使用' });
  });

  it('answers bad input with 400 naming each field', async () => {
    const bad = await call(app, 'POST', '/api/products', {
      token: admin,
      body: { code: 'lower-case', name: '', line: 'pets', colour: 'red' },
    });
    expect(bad.status).toBe(400);
    expect(new Set(fields(bad))).toEqual(new Set(['code', 'name', 'line', 'colour']));

    const tooShort = await call(app, 'POST', '/api/products', { token: admin, body: { code: 'A', name: 'x', line: 'home' } });
    expect(fields(tooShort)).toEqual(['code']);

    const patch = await call(app, 'PATCH', '/api/products/JCX', { token: admin, body: { name: null, active: 'yes', line: 'pets' } });
    expect(patch.status).toBe(400);
    expect(new Set(fields(patch))).toEqual(new Set(['name', 'active', 'line']));
  });

  it('answers an unknown code with 404', async () => {
    const answer = await call(app, 'PATCH', '/api/products/NOPE', { token: admin, body: { name: '无' } });
    expect(answer.status).toBe(404);
  });

  it('keeps an empty correction harmless', async () => {
    const answer = await call(app, 'PATCH', '/api/products/JCX', { token: admin, body: {} });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ code: 'JCX', name: '家庭财产保险', line: 'home' });
  });
});
