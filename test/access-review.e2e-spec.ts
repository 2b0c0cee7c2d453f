import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { createCustomer, createFixtureOrg, createProducts, createUser, FixtureOrg, resetState } from './support/fixtures';
import { call, loginNewUser, startApi } from './support/test-app';

const EVERY_ROLE = ['admin', 'campaign_manager', 'segment_manager', 'channel_manager', 'branch_executor', 'reviewer', 'analyst'];
const SIBLING_MOBILE = '13912345678';
const SIBLING_ID_NUMBER = '320102199001011234';

const motorRule = { type: 'condition', field: 'holds_line', operator: 'has', value: 'motor_commercial' };

/** A county user of COUNTY_A1 against everything of the sibling county COUNTY_A2. */
describe('Access review: org-unit scope, roles and personal data', () => {
  let app: NestFastifyApplication;
  let db: DataSource;
  let org: FixtureOrg;
  let a1: string;
  let provinceAnalyst: string;
  const sibling: Record<string, number | string> = {};

  beforeAll(async () => {
    app = await startApi();
    db = await resetState(app);
    org = await createFixtureOrg(db);
    await createProducts(db);
    a1 = await loginNewUser(app, 'a1.everything', org.countyA1, EVERY_ROLE);
    provinceAnalyst = await loginNewUser(app, 'prov.analyst', org.province, ['analyst']);
    const a2 = await loginNewUser(app, 'a2.segments', org.countyA2, ['segment_manager']);

    await createCustomer(db, org.countyA1);
    sibling.customer = await createCustomer(db, org.countyA2, { mobile: SIBLING_MOBILE, id_number: SIBLING_ID_NUMBER });
    sibling.user = await createUser(db, 'a2.executor', org.countyA2, ['branch_executor']);
    sibling.segment = (await call(app, 'POST', '/api/segments', { token: a2, body: { name: 'A2 motor', kind: 'dynamic', rule: motorRule } })).body.id;
    sibling.bundle = (
      await call(app, 'POST', '/api/bundles', {
        token: a2,
        body: {
          code: 'A2_ONLY', name: 'A2 bundle', productCodes: ['SYX', 'JCX'], price: 100, eligibilityRule: motorRule,
          validFrom: '2020-01-01', validTo: '2099-12-31',
        },
      })
    ).body.id;
    const [job] = await db.query(
      `INSERT INTO import_jobs (kind, mode, status, file_name, stored_path, file_size, created_by, org_unit_id)
       VALUES ('customers', 'good_rows', 'succeeded', 'a2.csv', '/nowhere/a2.csv', 1, $1, $2) RETURNING id`,
      [sibling.user, org.countyA2],
    );
    sibling.importJob = job.id;
    await db.query(`INSERT INTO do_not_call (customer_id, reason) VALUES ($1, 'asked')`, [sibling.customer]);
    expect(Object.values(sibling).every((value) => value !== undefined)).toBe(true);
  });

  afterAll(async () => {
    await app.close();
  });

  it.each([
    ['/api/org-units', (body: any) => body.map((unit: any) => unit.id), 'unit'],
    ['/api/users', (body: any) => body.items.map((user: any) => user.id), 'user'],
    ['/api/customers', (body: any) => body.items.map((customer: any) => customer.id), 'customer'],
    ['/api/imports', (body: any) => body.items.map((job: any) => job.id), 'importJob'],
    ['/api/segments', (body: any) => body.items.map((segment: any) => segment.id), 'segment'],
    ['/api/bundles', (body: any) => body.map((bundle: any) => bundle.id), 'bundle'],
    ['/api/do-not-call', (body: any) => body.items.map((entry: any) => entry.customerId), 'customer'],
  ])('GET %s shows a county user nothing of a sibling county', async (url, idsOf, kind) => {
    const answer = await call(app, 'GET', url, { token: a1 });
    expect(answer.status).toBe(200);
    const siblingId = kind === 'unit' ? org.countyA2 : sibling[kind];
    expect(idsOf(answer.body)).not.toContain(siblingId);
    expect(JSON.stringify(answer.body)).not.toContain(SIBLING_MOBILE);
  });

  it("answers 404 to a county user reading or changing a sibling county's objects", async () => {
    const requests: ['GET' | 'POST' | 'PATCH' | 'DELETE', string, unknown?][] = [
      ['GET', `/api/customers/${sibling.customer}`],
      ['PATCH', `/api/customers/${sibling.customer}`, { doNotContact: true }],
      ['GET', `/api/customers/${sibling.customer}/next-best-offers`],
      ['POST', '/api/do-not-call', { customerId: sibling.customer, reason: 'x' }],
      ['DELETE', `/api/do-not-call/${sibling.customer}`],
      ['GET', `/api/segments/${sibling.segment}`],
      ['PATCH', `/api/segments/${sibling.segment}`, { name: 'taken' }],
      ['GET', `/api/segments/${sibling.segment}/members`],
      ['POST', `/api/segments/${sibling.segment}/snapshots`],
      ['GET', `/api/bundles/${sibling.bundle}`],
      ['PATCH', `/api/bundles/${sibling.bundle}`, { name: 'taken' }],
      ['GET', `/api/imports/${sibling.importJob}`],
      ['GET', `/api/imports/${sibling.importJob}/rejections`],
      ['GET', `/api/users/${sibling.user}`],
      ['GET', `/api/value-tiers/distribution?orgUnitId=${org.countyA2}`],
      ['GET', `/api/customers?orgUnitId=${org.countyA2}`],
    ];
    for (const [method, url, body] of requests) {
      const answer = await call(app, method, url, { token: a1, body });
      expect({ method, url, status: answer.status }).toEqual({ method, url, status: 404 });
    }
    const [customer] = await db.query('SELECT do_not_contact FROM customers WHERE id = $1', [sibling.customer]);
    expect(customer.do_not_contact).toBe(false);
  });

  it('masks mobile and id number in import rejections, which are not the single customer view', async () => {
    const [job] = await db.query(
      `INSERT INTO import_jobs (kind, mode, status, file_name, stored_path, file_size, created_by, org_unit_id)
       VALUES ('customers', 'good_rows', 'succeeded', 'a1.csv', '/nowhere/a1.csv', 1, $1, $2) RETURNING id`,
      [sibling.user, org.countyA1],
    );
    await db.query(
      `INSERT INTO import_rejections (import_id, line_no, reason, raw) VALUES ($1, 2, $2, $3)`,
      [
        job.id,
        `id_number "${SIBLING_ID_NUMBER}X" is not an id number`,
        `C0100,张三,${SIBLING_MOBILE},${SIBLING_ID_NUMBER}X,NOWHERE`,
      ],
    );
    const page = await call(app, 'GET', `/api/imports/${job.id}/rejections`, { token: provinceAnalyst });
    expect(page.status).toBe(200);
    expect(page.body.items[0].raw).toContain('C0100,张三,139****5678,320');
    const csv = await call(app, 'GET', `/api/imports/${job.id}/rejections.csv`, { token: provinceAnalyst });
    expect(csv.status).toBe(200);
    for (const text of [JSON.stringify(page.body), String(csv.body)]) {
      expect(text).not.toContain(SIBLING_MOBILE);
      expect(text).not.toContain(SIBLING_ID_NUMBER.slice(3, 14));
    }
  });
});
