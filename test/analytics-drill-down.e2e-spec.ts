import { NestFastifyApplication } from '@nestjs/platform-fastify';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { addContact, addConversion, addEvent, addMember, AnalyticsCampaign, analyticsCampaign } from './support/analytics-campaign';
import { createFixtureOrg, createProducts, createUser, FixtureOrg, resetState } from './support/fixtures';
import { call, loginNewUser, startApi } from './support/test-app';

/**
 * The customers behind a campaign's figures over HTTP: who may ask, each reader's
 * subtree only, refusals by field in the reader's language, and the exports.
 */
describe('Campaign customers API', () => {
  let app: NestFastifyApplication;
  let db: DataSource;
  let org: FixtureOrg;
  let campaign: AnalyticsCampaign;
  let province: string;
  let cityB: string;
  const url = (query: string) => `/api/analytics/campaigns/${campaign.campaignId}/customers${query}`;

  beforeAll(async () => {
    app = await startApi();
    db = await resetState(app);
    org = await createFixtureOrg(db);
    await createProducts(db);
    const plannerId = await createUser(db, 'planner', org.province, ['campaign_manager']);
    campaign = await analyticsCampaign(db, org, plannerId, { code: 'CMP-DRILL' });
    for (const unit of [org.countyA1, org.countyB1]) {
      const member = await addMember(db, campaign, { orgUnitId: unit });
      const contact = await addContact(db, campaign, member, { step: 'email', status: 'clicked', at: '2026-03-02T10:00:00+08:00' });
      await addEvent(db, contact, 'clicked', '2026-03-02T11:00:00+08:00');
      await addConversion(db, campaign, member, { productCode: 'JCX', premium: '1000.00', startDate: '2026-03-05', contactId: contact });
      await addMember(db, campaign, { orgUnitId: unit, control: true });
    }
    province = await loginNewUser(app, 'drill.province', org.province, ['analyst']);
    cityB = await loginNewUser(app, 'drill.cityb', org.cityB, ['branch_executor']);
  });

  afterAll(async () => {
    await app.close();
  });

  it("lists a reader's subtree only, and nothing to a role that reads no results", async () => {
    const whole = await call(app, 'GET', url('?kind=responders'), { token: province });
    expect(whole.status).toBe(200);
    expect(whole.body).toMatchObject({ total: 2, page: 1, pageSize: 20 });
    const city = await call(app, 'GET', url('?kind=converters'), { token: cityB });
    expect(city.body.items.map((line: { orgUnitId: number }) => line.orgUnitId)).toEqual([org.countyB1]);
    expect(city.body.items[0]).toMatchObject({ premium: '1000.00', productCode: 'JCX', channel: 'email', mobile: expect.stringMatching(/^\d{3}\*{4}\d{4}$/) });
    expect((await call(app, 'GET', url(`?kind=converters&branch=${org.countyA1}`), { token: cityB })).status).toBe(404);
    const agent = await loginNewUser(app, 'drill.agent', org.province, ['call_agent']);
    expect((await call(app, 'GET', url('?kind=contacts'), { token: agent })).status).toBe(403);
  });

  it('names each refused field in the reader’s language', async () => {
    const zh = await call(app, 'GET', url('?kind=responders&group=control'), { token: province });
    expect(zh.status).toBe(400);
    expect(zh.body.details).toEqual([expect.objectContaining({ field: 'group', code: 'drill_down_control_not_contacted', problem: '对照组留出不接触，没有接触和响应，只能列出其成员和转化客户' })]);
    const en = await call(app, 'GET', url('?kind=everyone&day=2026-02-30'), { token: province, headers: { 'accept-language': 'en' } });
    expect(en.status).toBe(400);
    expect(en.body.details.map((problem: { field: string }) => problem.field).sort()).toEqual(['day', 'kind']);
  });

  it('exports the same list as CSV or XLSX, headed in the language asked for', async () => {
    const csv = await call(app, 'GET', url('/export?kind=converters&format=csv&lang=en'), { token: cityB });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="campaign-${campaign.campaignId}-converters.csv"`);
    const lines = String(csv.body).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0].startsWith('Customer no.,Customer name,Mobile,Branch')).toBe(true);
    expect(lines).toHaveLength(2);

    const xlsx = await app.inject({ method: 'GET', url: url('/export?kind=members&group=control&format=xlsx'), headers: { authorization: `Bearer ${province}` } });
    expect(xlsx.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ExcelJS.Buffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.getRow(1).getCell(1).value).toBe('客户号');
    expect(sheet.rowCount).toBe(3);
  });
});
