import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { createCustomer, createFixtureOrg, createPolicy, createProducts, FixtureOrg, resetState } from './support/fixtures';
import { call, loginNewUser, startApi } from './support/test-app';

describe('Customers: search and single view', () => {
  let app: NestFastifyApplication;
  let org: FixtureOrg;
  let executorA1: string;
  let analyst: string;
  let reviewer: string;
  let zhang: number;
  let otherCounty: number;

  beforeAll(async () => {
    app = await startApi();
    const db = await resetState(app);
    org = await createFixtureOrg(db);
    await createProducts(db);
    executorA1 = await loginNewUser(app, 'exec.a1', org.countyA1, ['branch_executor']);
    analyst = await loginNewUser(app, 'analyst.prov', org.province, ['analyst']);
    reviewer = await loginNewUser(app, 'reviewer.prov', org.province, ['reviewer']);
    // The fixture answers bigint ids as text; the API answers numbers.
    zhang = Number(await createCustomer(db, org.countyA1, {
      customer_no: 'K0001', name: '张三', mobile: '13812345678', id_number: '320102198005011234', birth_date: '1980-05-01',
    }));
    await createCustomer(db, org.countyA1, { customer_no: 'K0002', name: '张三丰', mobile: '13900000002' });
    for (let i = 3; i <= 7; i++) await createCustomer(db, org.countyA1, { customer_no: `K000${i}`, name: `李${i}` });
    otherCounty = Number(await createCustomer(db, org.countyA2, { customer_no: 'K0100', name: '张小明', mobile: '13700000100' }));
    await createCustomer(db, org.countyB1, { customer_no: 'K0200', name: '王五' });
    const policy = await createPolicy(db, zhang, 'SYX', { policy_no: 'PZ001', premium: 3200.5 });
    await createPolicy(db, zhang, 'JCX', { policy_no: 'PZ002', start_date: '2025-01-01', end_date: '2025-12-31', status: 'expired' });
    await db.query(
      `INSERT INTO claims (claim_no, policy_id, customer_id, claim_date, amount, status) VALUES ('CZ001', $1, $2, '2026-03-01', 800, 'paid')`,
      [policy, zhang],
    );
  });

  afterAll(async () => {
    await app.close();
  });

  const customerNos = (body: { items: { customerNo: string }[] }) => body.items.map((c) => c.customerNo);

  it('finds customers by number, mobile or name prefix, with masked mobiles in the list', async () => {
    const byName = await call(app, 'GET', `/api/customers?q=${encodeURIComponent('张三')}`, { token: analyst });
    expect(byName.status).toBe(200);
    expect(customerNos(byName.body)).toEqual(['K0001', 'K0002']);
    expect(byName.body.items[0]).toMatchObject({ id: zhang, name: '张三', mobile: '138****5678', orgUnitId: org.countyA1, orgUnitName: '江宁支公司', doNotContact: false });
    expect(byName.body.items[0].idNumber).toBeUndefined();

    expect(customerNos((await call(app, 'GET', '/api/customers?q=K0100', { token: analyst })).body)).toEqual(['K0100']);
    expect(customerNos((await call(app, 'GET', '/api/customers?q=13900000002', { token: analyst })).body)).toEqual(['K0002']);
    expect(customerNos((await call(app, 'GET', '/api/customers?mobile=13812345678', { token: executorA1 })).body)).toEqual(['K0001']);
    expect(customerNos((await call(app, 'GET', `/api/customers?name=${encodeURIComponent('张')}&orgUnitId=${org.countyA2}`, { token: analyst })).body)).toEqual(['K0100']);
  });

  it('finds a customer number in any case and a mobile in any notation or by its last four digits', async () => {
    const found = async (query: string) => customerNos((await call(app, 'GET', `/api/customers?${query}`, { token: analyst })).body);
    await expect(found('q=k0100')).resolves.toEqual(['K0100']);
    await expect(found('customerNo=k0001')).resolves.toEqual(['K0001']);
    for (const notation of ['+86 138 1234 5678', '+86-138-1234-5678', '0086 13812345678', '138 1234 5678', '(138) 1234-5678', '5678']) {
      await expect(found(`q=${encodeURIComponent(notation)}`)).resolves.toEqual(['K0001']);
      await expect(found(`mobile=${encodeURIComponent(notation)}`)).resolves.toEqual(['K0001']);
    }
    await expect(found(`q=${encodeURIComponent('+86 139 0000 0002')}&orgUnitId=${org.countyA1}`)).resolves.toEqual(['K0002']);
    await expect(found('q=0100')).resolves.toEqual(['K0100']);
    await expect(found('q=9999')).resolves.toEqual([]);
    await expect(found(`q=${encodeURIComponent('   ')}&orgUnitId=${org.countyA2}`)).resolves.toEqual(['K0100']);
  });

  it('finds a mobile stored in another notation', async () => {
    await app.get(DataSource).query(`UPDATE customers SET mobile = '+86 137-0000-0100' WHERE customer_no = 'K0100'`);
    await expect(call(app, 'GET', '/api/customers?q=13700000100', { token: analyst })).resolves.toMatchObject({
      body: { items: [{ customerNo: 'K0100', mobile: expect.stringMatching(/0100$/) }] },
    });
  });

  it('pages through the results with the total', async () => {
    const page2 = await call(app, 'GET', `/api/customers?orgUnitId=${org.cityA}&page=2&pageSize=3`, { token: analyst });
    expect(page2.body).toMatchObject({ total: 8, page: 2, pageSize: 3 });
    expect(customerNos(page2.body)).toEqual(['K0004', 'K0005', 'K0006']);
  });

  it('shows the profile, policies and claims, with full personal data only for roles that need it', async () => {
    const full = await call(app, 'GET', `/api/customers/${zhang}`, { token: executorA1 });
    expect(full.status).toBe(200);
    expect(full.body.customer).toMatchObject({
      customerNo: 'K0001', mobile: '13812345678', idNumber: '320102198005011234', personalDataMasked: false,
      birthDate: '1980-05-01', consents: { email: true, phone: true, sms: true, agentVisit: true }, doNotContact: false,
    });
    expect(full.body.customer.age).toBeGreaterThanOrEqual(45);
    expect(full.body.policies.map((p: { policyNo: string }) => p.policyNo)).toEqual(['PZ001', 'PZ002']);
    expect(full.body.policies[0]).toMatchObject({ productCode: 'SYX', line: 'motor_commercial', premium: 3200.5, status: 'active', channel: 'agent' });
    expect(full.body.claims).toEqual([expect.objectContaining({ claimNo: 'CZ001', policyNo: 'PZ001', amount: 800, status: 'paid', claimDate: '2026-03-01' })]);

    const masked = await call(app, 'GET', `/api/customers/${zhang}`, { token: analyst });
    expect(masked.body.customer).toMatchObject({ mobile: '138****5678', idNumber: '320***********1234', personalDataMasked: true });
  });

  it("keeps a county user out of another county's customers: 404 to read or change, absent from search", async () => {
    expect((await call(app, 'GET', `/api/customers/${otherCounty}`, { token: executorA1 })).status).toBe(404);
    const patch = await call(app, 'PATCH', `/api/customers/${otherCounty}`, { token: executorA1, body: { doNotContact: true } });
    expect(patch.status).toBe(404);
    expect((await call(app, 'GET', '/api/customers?q=K0100', { token: executorA1 })).body).toMatchObject({ total: 0, items: [] });
    expect((await call(app, 'GET', `/api/customers?orgUnitId=${org.countyA2}`, { token: executorA1 })).status).toBe(404);
    const all = await call(app, 'GET', '/api/customers?pageSize=50', { token: executorA1 });
    expect(all.body.total).toBe(7);
    expect((await call(app, 'GET', `/api/customers/${otherCounty}`, { token: analyst })).body.customer.doNotContact).toBe(false);
  });

  it('lets a branch executor change consents and set do-not-contact with its date', async () => {
    const answer = await call(app, 'PATCH', `/api/customers/${zhang}`, {
      token: executorA1,
      body: { consents: { sms: false }, doNotContact: true },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.customer).toMatchObject({ consents: { email: true, phone: true, sms: false, agentVisit: true }, doNotContact: true });
    expect(answer.body.customer.doNotContactAt).not.toBeNull();

    const off = await call(app, 'PATCH', `/api/customers/${zhang}`, { token: executorA1, body: { doNotContact: false } });
    expect(off.body.customer).toMatchObject({ doNotContact: false, doNotContactAt: null });
  });

  it('gives 403 to a role that may not change customers', async () => {
    const answer = await call(app, 'PATCH', `/api/customers/${zhang}`, { token: reviewer, body: { doNotContact: true } });
    expect(answer.status).toBe(403);
  });

  it('answers bad input with 400 naming the field', async () => {
    const tooBig = await call(app, 'GET', '/api/customers?pageSize=500', { token: analyst });
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.details.map((d: { field: string }) => d.field)).toEqual(['pageSize']);

    const badBody = await call(app, 'PATCH', `/api/customers/${zhang}`, {
      token: executorA1,
      body: { doNotContact: 'yes', consents: { sms: 1 }, colour: 'red' },
    });
    expect(badBody.status).toBe(400);
    expect(new Set(badBody.body.details.map((d: { field: string }) => d.field))).toEqual(new Set(['doNotContact', 'consents.sms', 'colour']));

    expect((await call(app, 'GET', '/api/customers/abc', { token: analyst })).status).toBe(400);
    expect((await call(app, 'GET', '/api/customers/999999', { token: analyst })).status).toBe(404);
  });

  it('lists the product catalogue for every role', async () => {
    const answer = await call(app, 'GET', '/api/products', { token: reviewer });
    expect(answer.status).toBe(200);
    expect(answer.body).toHaveLength(7);
    expect(answer.body).toContainEqual({ code: 'JQX', name: '机动车交通事故责任强制保险', nameEn: 'Compulsory motor traffic insurance', line: 'motor_compulsory', active: true });
  });
});
