import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createCustomer, createFixtureOrg, createPolicy, createProducts, resetState } from './support/fixtures';
import { call, loginNewUser, startApi } from './support/test-app';

const motorWithoutHome = {
  type: 'group', op: 'all', children: [
    { type: 'condition', field: 'holds_line', operator: 'has', value: 'motor_commercial' },
    { type: 'condition', field: 'holds_line', operator: 'lacks', value: 'home' },
  ],
};

describe('Segments over HTTP', () => {
  let app: NestFastifyApplication;
  let manager: string;
  let countyManager: string;
  let executor: string;
  let analyst: string;
  let siblingSegmentId: number;

  beforeAll(async () => {
    app = await startApi();
    const db = await resetState(app);
    const org = await createFixtureOrg(db);
    await createProducts(db);
    manager = await loginNewUser(app, 'sm.province', org.province, ['segment_manager']);
    countyManager = await loginNewUser(app, 'sm.county', org.countyA1, ['segment_manager']);
    const kunshan = await loginNewUser(app, 'sm.kunshan', org.countyB1, ['segment_manager']);
    executor = await loginNewUser(app, 'exec.county', org.countyA1, ['branch_executor']);
    analyst = await loginNewUser(app, 'analyst', org.province, ['analyst']);
    for (const unit of [org.countyA1, org.countyA1, org.countyB1]) {
      await createPolicy(db, await createCustomer(db, unit, { customer_no: `E2E-${unit}-${Math.random().toString(36).slice(2, 8)}` }), 'SYX');
    }
    siblingSegmentId = (await call(app, 'POST', '/api/segments', { token: kunshan, body: { name: 'Kunshan', kind: 'dynamic', rule: motorWithoutHome } })).body.id;
  });

  afterAll(async () => {
    await app.close();
  });

  it('publishes the field catalogue with the product codes', async () => {
    const answer = await call(app, 'GET', '/api/segments/fields', { token: executor });
    expect(answer.status).toBe(200);
    const age = answer.body.find((f: { field: string }) => f.field === 'age');
    expect(age).toMatchObject({ type: 'number', operators: ['=', '!=', '<', '<=', '>', '>=', 'between'], label: { zh: '年龄', en: 'Age' } });
    const product = answer.body.find((f: { field: string }) => f.field === 'holds_product');
    expect(product.values.map((v: { value: string }) => v.value)).toContain('SYX');
  });

  it('answers a bad rule with 400 pointing at the node', async () => {
    const answer = await call(app, 'POST', '/api/segments/preview', {
      token: manager,
      body: { rule: { type: 'group', op: 'all', children: [motorWithoutHome, { type: 'condition', field: 'age', operator: 'contains', value: 3 }] } },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.details).toEqual([{
      field: 'rule.children[1].operator',
      code: 'rule_operator_not_allowed',
      params: { operator: 'contains', field: 'age', operators: ['=', '!=', '<', '<=', '>', '>=', 'between'] },
      problem: '字段“age”不能使用运算符“contains”，可用：=、!=、<、<=、>、>=、between',
    }]);
  });

  it('previews a rule within the caller\'s subtree', async () => {
    const province = await call(app, 'POST', '/api/segments/preview', { token: analyst, body: { rule: motorWithoutHome } });
    expect(province.status).toBe(200);
    expect(province.body).toMatchObject({ count: 3 });
    expect(province.body.byOrgUnit.map((b: { count: number }) => b.count)).toEqual([2, 1]);
    const county = await call(app, 'POST', '/api/segments/preview', { token: countyManager, body: { rule: motorWithoutHome } });
    expect(county.body).toMatchObject({ count: 2, byOrgUnit: [{ orgUnitName: '江宁支公司', count: 2 }] });
    expect(county.body.sample).toHaveLength(2);
  });

  it('refuses a segment from a branch executor with 403', async () => {
    const answer = await call(app, 'POST', '/api/segments', { token: executor, body: { name: 'x', kind: 'dynamic', rule: motorWithoutHome } });
    expect(answer.status).toBe(403);
  });

  it('hides a segment of another branch with 404, and lets the owner branch change its own', async () => {
    expect((await call(app, 'GET', `/api/segments/${siblingSegmentId}`, { token: countyManager })).status).toBe(404);
    expect((await call(app, 'GET', `/api/segments/${siblingSegmentId}/preview`, { token: executor })).status).toBe(404);
    expect((await call(app, 'PATCH', `/api/segments/${siblingSegmentId}`, { token: countyManager, body: { name: 'mine' } })).status).toBe(404);
    expect((await call(app, 'GET', `/api/segments/${siblingSegmentId}`, { token: manager })).status).toBe(200);
  });

  it('names the bad field of a bad body with 400', async () => {
    const unknownField = await call(app, 'POST', '/api/segments', { token: manager, body: { name: 'x', kind: 'dynamic', rule: motorWithoutHome, color: 'red' } });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.details.map((d: { field: string }) => d.field)).toEqual(['color']);
    const badKind = await call(app, 'POST', '/api/segments', { token: manager, body: { name: 'x', kind: 'smart' } });
    expect(badKind.body.details.map((d: { field: string }) => d.field)).toEqual(['kind']);
    expect((await call(app, 'GET', '/api/segments/abc', { token: manager })).status).toBe(400);
    expect((await call(app, 'POST', '/api/segments/overlap', { token: manager, body: { segmentIds: [1] } })).status).toBe(400);
    expect((await call(app, 'POST', '/api/segments/overlap', { token: manager, body: { segmentIds: [siblingSegmentId, 99999] } })).status).toBe(404);
    expect((await call(app, 'GET', '/api/segments?pageSize=5000', { token: manager })).status).toBe(400);
  });

  it('saves, lists, snapshots, pages members of and deletes a segment', async () => {
    const created = await call(app, 'POST', '/api/segments', { token: manager, body: { name: '车险无家财', kind: 'dynamic', rule: motorWithoutHome } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: '车险无家财', kind: 'dynamic', ownerOrgUnitName: '江苏省分公司', createdByName: 'sm.province', rule: motorWithoutHome });
    const id = created.body.id;

    const listed = await call(app, 'GET', '/api/segments?q=车险&page=1&pageSize=10', { token: executor });
    expect(listed.body).toMatchObject({ total: 1, page: 1, pageSize: 10, items: [{ id, name: '车险无家财' }] });

    const renamed = await call(app, 'PATCH', `/api/segments/${id}`, { token: manager, body: { description: 'cross-sell home' } });
    expect(renamed.body).toMatchObject({ id, description: 'cross-sell home' });

    const snapshot = await call(app, 'POST', `/api/segments/${id}/snapshots`, { token: manager });
    expect(snapshot.status).toBe(201);
    expect(snapshot.body).toMatchObject({ segmentId: id, memberCount: 3, rule: motorWithoutHome });
    const frozen = await call(app, 'GET', `/api/segment-snapshots/${snapshot.body.id}/members?pageSize=2`, { token: executor });
    expect(frozen.body).toMatchObject({ total: 2, pageSize: 2 });
    expect((await call(app, 'GET', `/api/segments/${id}/members?page=2&pageSize=2`, { token: manager })).body).toMatchObject({ total: 3, page: 2 });

    expect((await call(app, 'DELETE', `/api/segments/${id}`, { token: countyManager })).status).toBe(403);
    expect((await call(app, 'DELETE', `/api/segments/${id}`, { token: manager })).status).toBe(204);
    expect((await call(app, 'GET', `/api/segments/${id}`, { token: manager })).status).toBe(404);
    expect((await call(app, 'GET', `/api/segment-snapshots/${snapshot.body.id}/members`, { token: manager })).body.total).toBe(3);
  });

  it('uploads static members and reports unknown numbers; refuses uploads to a dynamic segment', async () => {
    const created = await call(app, 'POST', '/api/segments', { token: manager, body: { name: 'Event guests', kind: 'static' } });
    const upload = await call(app, 'POST', `/api/segments/${created.body.id}/members`, { token: manager, body: { customerNos: ['NOT-A-CUSTOMER'] } });
    expect(upload.body).toEqual({ added: 0, alreadyMembers: 0, unknown: ['NOT-A-CUSTOMER'] });
    const removal = await call(app, 'POST', `/api/segments/${created.body.id}/members/remove`, { token: manager, body: { customerNos: ['NOT-A-CUSTOMER'] } });
    expect(removal.body).toEqual({ removed: 0, notMembers: ['NOT-A-CUSTOMER'] });
    const tooLong = await call(app, 'POST', `/api/segments/${created.body.id}/members`, { token: manager, body: { customerNos: ['x'.repeat(33)] } });
    expect(tooLong.status).toBe(400);
    const dynamic = await call(app, 'POST', `/api/segments/${siblingSegmentId}/members`, { token: manager, body: { customerNos: ['A'] } });
    expect(dynamic.status).toBe(409);
  });

  it('filters the list by kind on the server, so that rows, total and pages count the same segments', async () => {
    for (let i = 1; i <= 3; i++) {
      await call(app, 'POST', '/api/segments', { token: countyManager, body: { name: `Kind list static ${i}`, kind: 'static' } });
      await call(app, 'POST', '/api/segments', { token: countyManager, body: { name: `Kind list dynamic ${i}`, kind: 'dynamic', rule: motorWithoutHome } });
    }
    const page = (query: string) => call(app, 'GET', `/api/segments?q=${encodeURIComponent('Kind list')}&${query}`, { token: countyManager });

    const statics = await page('kind=static&pageSize=2');
    expect(statics.body).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(statics.body.items.map((s: { kind: string }) => s.kind)).toEqual(['static', 'static']);
    const lastPage = await page('kind=static&pageSize=2&page=2');
    expect(lastPage.body.items.map((s: { name: string }) => s.name)).toEqual(['Kind list static 1']);
    await expect(page('kind=dynamic')).resolves.toMatchObject({ body: { total: 3 } });
    await expect(page('')).resolves.toMatchObject({ body: { total: 6 } });
    await expect(page('kind=snapshot')).resolves.toMatchObject({ status: 400, body: { details: [expect.objectContaining({ field: 'kind' })] } });
  });
});
