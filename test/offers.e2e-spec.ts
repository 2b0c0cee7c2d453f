import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import {
  createCustomer,
  createFixtureOrg,
  createPolicy,
  createProducts,
  FixtureOrg,
  resetState,
} from './support/fixtures';
import { call, HttpAnswer, loginNewUser, startApi } from './support/test-app';

function fieldsOf(answer: HttpAnswer): string[] {
  return [...new Set<string>((answer.body.details ?? []).map((detail: { field: string }) => detail.field))].sort();
}

const motorWithoutHome = {
  type: 'group',
  op: 'all',
  children: [
    { type: 'condition', field: 'holds_line', operator: 'has', value: 'motor_commercial' },
    { type: 'condition', field: 'holds_line', operator: 'lacks', value: 'home' },
  ],
};

function bundleBody(overrides: Record<string, unknown> = {}) {
  return {
    code: 'MOTOR_HOME',
    name: '车险+家财 安居组合',
    description: '商业车险客户加保家财险',
    productCodes: ['SYX', 'JCX'],
    price: 4600,
    discountPct: 12,
    eligibilityRule: motorWithoutHome,
    validFrom: '2020-01-01',
    validTo: '2099-12-31',
    guidance: {
      talkingPoints: ['车和家一起保障'],
      objections: [{ objection: '我家房子是新的', answer: '新房最常见的是管道破裂和水渍，家财险都保' }],
      shortText: '车险客户加一份家财险，组合价立减 12%。',
    },
    ...overrides,
  };
}

describe('Cross-sell bundles and next best offer over HTTP', () => {
  let app: NestFastifyApplication;
  let db: DataSource;
  let org: FixtureOrg;
  const tokens: Record<string, string> = {};
  let bundleId: number;
  let customerA1: number;

  beforeAll(async () => {
    app = await startApi();
    db = await resetState(app);
    org = await createFixtureOrg(db);
    await createProducts(db);
    const users: [string, number, string[]][] = [
      ['prov.segments', org.province, ['segment_manager']],
      ['prov.campaigns', org.province, ['campaign_manager']],
      ['prov.analyst', org.province, ['analyst']],
      ['a1.segments', org.countyA1, ['segment_manager']],
      ['a1.executor', org.countyA1, ['branch_executor']],
      ['b.executor', org.cityB, ['branch_executor']],
    ];
    for (const [username, unit, roles] of users) tokens[username] = await loginNewUser(app, username, unit, roles);
    customerA1 = await createCustomer(db, org.countyA1, { value_tier: 'gold' });
    await createPolicy(db, customerA1, 'SYX', { start_date: '2020-01-01', end_date: '2099-12-31' });
    const customerB1 = await createCustomer(db, org.countyB1);
    await createPolicy(db, customerB1, 'SYX', { start_date: '2020-01-01', end_date: '2099-12-31' });

    const created = await call(app, 'POST', '/api/bundles', { token: tokens['prov.segments'], body: bundleBody() });
    expect(created.status).toBe(201);
    bundleId = created.body.id;
  });

  afterAll(async () => {
    await app.close();
  });

  it('lets a segment manager create a bundle and every role read it', async () => {
    for (const username of ['prov.campaigns', 'prov.analyst', 'a1.executor', 'b.executor']) {
      const answer = await call(app, 'GET', `/api/bundles/${bundleId}`, { token: tokens[username] });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({
        code: 'MOTOR_HOME',
        productCodes: ['SYX', 'JCX'],
        price: 4600,
        discountPct: 12,
        eligibilityRule: motorWithoutHome,
        validFrom: '2020-01-01',
        active: true,
        guidance: { shortText: '车险客户加一份家财险，组合价立减 12%。' },
        ownerOrgUnitId: org.province,
      });
    }
    const list = await call(app, 'GET', '/api/bundles?active=true', { token: tokens['a1.executor'] });
    expect(list.body.map((bundle: { code: string }) => bundle.code)).toEqual(['MOTOR_HOME']);
  });

  it('refuses writes from roles other than segment manager and admin with 403', async () => {
    for (const username of ['prov.campaigns', 'prov.analyst', 'a1.executor']) {
      const created = await call(app, 'POST', '/api/bundles', { token: tokens[username], body: bundleBody({ code: 'NOPE' }) });
      expect(created.status).toBe(403);
      const changed = await call(app, 'PATCH', `/api/bundles/${bundleId}`, { token: tokens[username], body: { name: 'x' } });
      expect(changed.status).toBe(403);
    }
  });

  it("answers 404 for another branch's bundle and 403 when a branch changes the province's", async () => {
    const county = await call(app, 'POST', '/api/bundles', { token: tokens['a1.segments'], body: bundleBody({ code: 'A1_ONLY', active: false }) });
    expect(county.status).toBe(201);
    expect((await call(app, 'GET', `/api/bundles/${county.body.id}`, { token: tokens['b.executor'] })).status).toBe(404);
    expect((await call(app, 'GET', `/api/bundles/${county.body.id}/eligible`, { token: tokens['b.executor'] })).status).toBe(404);
    const changed = await call(app, 'PATCH', `/api/bundles/${bundleId}`, { token: tokens['a1.segments'], body: { name: '改名' } });
    expect(changed.status).toBe(403);
  });

  it('answers bad input with 400 naming the field', async () => {
    const post = (body: unknown) => call(app, 'POST', '/api/bundles', { token: tokens['prov.segments'], body });

    const badNumbers = await post(bundleBody({ code: 'BAD', price: -1, discountPct: 101, extra: true }));
    expect(badNumbers.status).toBe(400);
    expect(fieldsOf(badNumbers)).toEqual(['discountPct', 'extra', 'price']);

    const badRule = {
      type: 'group',
      op: 'all',
      children: [{ type: 'condition', field: 'holds_line', operator: 'contains', value: 'home' }],
    };
    const ruleAnswer = await post(bundleBody({ code: 'BAD', eligibilityRule: badRule }));
    expect(ruleAnswer.status).toBe(400);
    expect(fieldsOf(ruleAnswer)).toEqual(['eligibilityRule.children[0].operator']);

    const unknownProduct = await post(bundleBody({ code: 'BAD', productCodes: ['SYX', 'XYZ'] }));
    expect(unknownProduct.status).toBe(400);
    expect(unknownProduct.body.details).toEqual([
      { field: 'productCodes', code: 'unknown_products', params: { codes: ['XYZ'] }, problem: '产品代码不存在：XYZ' },
    ]);

    const longGuidance = await post(
      bundleBody({ code: 'BAD', guidance: { talkingPoints: ['好'.repeat(301)], objections: [{ objection: '', answer: 'a' }], shortText: '' } }),
    );
    expect(longGuidance.status).toBe(400);
    expect(fieldsOf(longGuidance)).toEqual(['guidance.objections.0.objection', 'guidance.talkingPoints']);

    const nullPatch = await call(app, 'PATCH', `/api/bundles/${bundleId}`, { token: tokens['prov.segments'], body: { price: null } });
    expect(nullPatch.status).toBe(400);
    expect(fieldsOf(nullPatch)).toEqual(['price']);

    expect(fieldsOf(await call(app, 'GET', '/api/bundles/abc', { token: tokens['prov.analyst'] }))).toEqual(['id']);
    expect((await post(bundleBody())).status).toBe(409);
  });

  it('previews the eligible customers within the caller scope', async () => {
    const province = await call(app, 'GET', `/api/bundles/${bundleId}/eligible`, { token: tokens['prov.campaigns'] });
    expect(province.status).toBe(200);
    expect(province.body).toMatchObject({ count: 2, byTier: expect.any(Array), byOrgUnit: expect.any(Array) });
    const county = await call(app, 'GET', `/api/bundles/${bundleId}/eligible`, { token: tokens['a1.executor'] });
    expect(county.body.count).toBe(1);
    expect(county.body.sample).toHaveLength(1);
  });

  it("gives a customer's next best offers with the reason, and 404 outside the caller scope", async () => {
    const offers = await call(app, 'GET', `/api/customers/${customerA1}/next-best-offers`, { token: tokens['a1.executor'] });
    expect(offers.status).toBe(200);
    expect(offers.body).toEqual([
      {
        bundleId,
        code: 'MOTOR_HOME',
        name: '车险+家财 安居组合',
        price: 4600,
        discountPct: 12,
        bundlePremium: 4048,
        acceptanceRate: 0.12,
        expectedValue: 485.76,
        reason: {
          zh: '持有商业车险；未持有家财险；金牌客户的预估接受率 12%（先验值）',
          en: 'holds commercial motor; has no home property policy; expected acceptance rate of gold customers: 12% (prior)',
        },
        shortText: '车险客户加一份家财险，组合价立减 12%。',
        talkingPoints: ['车和家一起保障'],
      },
    ]);
    const outside = await call(app, 'GET', `/api/customers/${customerA1}/next-best-offers`, { token: tokens['b.executor'] });
    expect(outside.status).toBe(404);
    expect((await call(app, 'GET', '/api/customers/999999/next-best-offers', { token: tokens['prov.analyst'] })).status).toBe(404);
  });
});
