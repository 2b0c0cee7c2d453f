import { NestFastifyApplication } from '@nestjs/platform-fastify';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { CampaignRollups } from '@lib/analytics';
import { addContact, addConversion, addEvent, addMember, addSpend, AnalyticsCampaign, analyticsCampaign } from './support/analytics-campaign';
import { createFixtureOrg, createProducts, createUser, FixtureOrg, resetState } from './support/fixtures';
import { call, loginNewUser, startApi } from './support/test-app';

/**
 * The analytics API over HTTP: every figure within the reader's scope, the portfolio
 * and its exports (formula cells neutralised), margin rates and their validation.
 */
describe('Campaign analytics API', () => {
  let app: NestFastifyApplication;
  let db: DataSource;
  let org: FixtureOrg;
  let campaign: AnalyticsCampaign;
  let province: string;
  let countyA1: string;
  let countyA2: string;
  let cityB: string;

  beforeAll(async () => {
    app = await startApi();
    db = await resetState(app);
    org = await createFixtureOrg(db);
    await createProducts(db);
    const plannerId = await createUser(db, 'planner', org.province, ['campaign_manager']);
    // A name a spreadsheet would run as a formula, were it not neutralised.
    campaign = await analyticsCampaign(db, org, plannerId, { name: '=HYPERLINK("http://evil.example","点我")', code: 'CMP-ROI-1', budget: '500.00', targets: { contacts: 4, conversions: 4 } });
    for (const [unit, premium] of [[org.countyA1, '1000.00'], [org.countyA2, '600.00'], [org.countyB1, '400.00']] as const) {
      const member = await addMember(db, campaign, { orgUnitId: unit });
      const contact = await addContact(db, campaign, member, { step: 'email', status: 'clicked', at: '2026-03-02T10:00:00+08:00' });
      await addEvent(db, contact, 'clicked', '2026-03-02T11:00:00+08:00');
      await addConversion(db, campaign, member, { productCode: 'JCX', premium, startDate: '2026-03-05', contactId: contact });
      await addSpend(db, campaign, { branchId: unit, amount: '10.00', channel: 'email', at: '2026-03-02T10:00:00+08:00' });
      await addMember(db, campaign, { orgUnitId: unit, control: true });
    }
    await app.get(CampaignRollups).refresh();
    province = await loginNewUser(app, 'roi.province', org.province, ['campaign_manager']);
    countyA1 = await loginNewUser(app, 'roi.a1', org.countyA1, ['branch_executor']);
    countyA2 = await loginNewUser(app, 'roi.a2', org.countyA2, ['branch_executor']);
    cityB = await loginNewUser(app, 'roi.cityb', org.cityB, ['campaign_manager']);
  });

  afterAll(async () => {
    await app.close();
  });

  it('gives each reader the figures of their subtree only', async () => {
    const whole = await call(app, 'GET', `/api/analytics/campaigns/${campaign.campaignId}`, { token: province });
    expect(whole.status).toBe(200);
    expect(whole.body.figures).toMatchObject({ contacts: 3, responses: 3, conversions: 3, premiumWritten: '2000.00', margin: '600.00', spend: { total: '30.00' } });
    expect(whole.body.kpis).toContainEqual({ figure: 'contacts', target: '4', actual: '3', attainment: 0.75 });
    const a1 = await call(app, 'GET', `/api/analytics/campaigns/${campaign.campaignId}`, { token: countyA1 });
    expect(a1.body.figures).toMatchObject({ contacts: 1, conversions: 1, premiumWritten: '1000.00', spend: { total: '10.00' } });
    expect(a1.body.treatment.members).toBe(1);
    // A county sees its own branch only, not its sibling under the same city.
    const a2 = await call(app, 'GET', `/api/analytics/campaigns/${campaign.campaignId}?by=branch`, { token: countyA2 });
    expect(a2.body.rows.map((row: { key: string }) => row.key)).toEqual([String(org.countyA2)]);
    const b = await call(app, 'GET', `/api/analytics/campaigns/${campaign.campaignId}?by=branch`, { token: cityB });
    expect(b.body.rows.map((row: { key: string; figures: { premiumWritten: string } }) => [row.key, row.figures.premiumWritten])).toEqual([
      [String(org.countyB1), '400.00'],
    ]);
  });

  it('answers 404 for a campaign the reader cannot see and 400 for an unknown breakdown', async () => {
    const [hidden] = await db.query(`INSERT INTO campaigns (owner_id, owning_org_unit_id) SELECT id, $1 FROM users WHERE username = 'planner' RETURNING id`, [org.cityA]);
    expect((await call(app, 'GET', `/api/analytics/campaigns/${hidden.id}`, { token: cityB })).status).toBe(404);
    const bad = await call(app, 'GET', `/api/analytics/campaigns/${campaign.campaignId}?by=weekday`, { token: province });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toContainEqual(expect.objectContaining({ field: 'by', code: 'not_one_of' }));
  });

  it('lists the portfolio of a subtree, sorted and filtered', async () => {
    const all = await call(app, 'GET', '/api/analytics/portfolio?from=2026-03-01&to=2026-03-31&sort=roi&order=desc', { token: province });
    expect(all.status).toBe(200);
    const row = all.body.campaigns.find((c: { campaignId: number }) => c.campaignId === campaign.campaignId);
    expect(row).toMatchObject({ code: 'CMP-ROI-1', budget: '500.00', spend: '30.00', spendShare: 0.06, premiumWritten: '2000.00', evaluationStatus: null });
    expect(row.roi).toBeCloseTo((600 - 30) / 30);
    const city = await call(app, 'GET', `/api/analytics/portfolio?unit=${org.cityB}&status=running`, { token: province });
    expect(city.body.campaigns.find((c: { campaignId: number }) => c.campaignId === campaign.campaignId)).toMatchObject({ premiumWritten: '400.00' });
    const none = await call(app, 'GET', '/api/analytics/portfolio?status=closed', { token: province });
    expect(none.body.campaigns).toEqual([]);
    // A unit outside the reader's scope is not theirs to name.
    expect((await call(app, 'GET', `/api/analytics/portfolio?unit=${org.cityA}`, { token: cityB })).status).toBe(404);
    const reversed = await call(app, 'GET', '/api/analytics/portfolio?from=2026-03-31&to=2026-03-01', { token: province });
    expect(reversed.status).toBe(400);
    expect(reversed.body.details).toEqual([expect.objectContaining({ field: 'to', code: 'period_reversed' })]);
  });

  it('exports the portfolio as CSV and XLSX with formula-like cells as text', async () => {
    const csv = await app.inject({ method: 'GET', url: '/api/analytics/portfolio.csv', headers: { authorization: `Bearer ${province}`, 'accept-language': 'en' } });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.replace('\uFEFF', '').split('\r\n');
    expect(lines[0]).toMatch(/^Code,Name,Status/);
    expect(lines[1]).toContain(`CMP-ROI-1,"'=HYPERLINK(""http://evil.example"",""点我"")"`);
    // Statuses and objectives read as words, not as their codes.
    expect(lines[1]).toMatch(/点我""\)",[A-Z][a-z]+,(Cross-sell|Renewal \/ retention|Win-back|Referral acquisition),/);

    const xlsx = await app.inject({ method: 'GET', url: '/api/analytics/portfolio.xlsx', headers: { authorization: `Bearer ${province}` } });
    expect(xlsx.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet('portfolio');
    expect(sheet?.getRow(1).getCell(1).value).toBe('活动编号');
    expect(sheet?.getRow(2).getCell(1).value).toBe('CMP-ROI-1');
    expect(sheet?.getRow(2).getCell(2).value).toBe(`'=HYPERLINK("http://evil.example","点我")`);
    expect(sheet?.getRow(2).getCell(2).formula).toBeUndefined();
  });

  it('sets margin rates for the province only, refusing bad rates by field', async () => {
    const rates = await call(app, 'GET', '/api/analytics/margin-rates', { token: countyA1 });
    expect(rates.body).toContainEqual(expect.objectContaining({ productLine: 'home', ratePct: '30.00', updatedAt: null }));

    const bad = await call(app, 'PUT', '/api/analytics/margin-rates', {
      token: province,
      body: { rates: [{ productLine: 'home', ratePct: '101' }, { productLine: 'pets', ratePct: '5' }, { productLine: 'travel', ratePct: '1.234' }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual(expect.arrayContaining([
      expect.objectContaining({ field: 'rates.0.ratePct', code: 'margin_rate_pct' }),
      expect.objectContaining({ field: 'rates.1.productLine', code: 'not_one_of' }),
      expect.objectContaining({ field: 'rates.2.ratePct', code: 'margin_rate_pct' }),
    ]));
    const twice = await call(app, 'PUT', '/api/analytics/margin-rates', {
      token: province,
      body: { rates: [{ productLine: 'home', ratePct: '20' }, { productLine: 'home', ratePct: '25' }] },
      headers: { 'accept-language': 'zh' },
    });
    expect(twice.status).toBe(400);
    expect(twice.body.details).toEqual([expect.objectContaining({ field: 'rates.1.productLine', code: 'margin_rate_line_repeated' })]);

    expect((await call(app, 'PUT', '/api/analytics/margin-rates', { token: cityB, body: { rates: [{ productLine: 'home', ratePct: '20' }] } })).status).toBe(403);
    expect((await call(app, 'PUT', '/api/analytics/margin-rates', { token: countyA1, body: { rates: [{ productLine: 'home', ratePct: '20' }] } })).status).toBe(403);

    const set = await call(app, 'PUT', '/api/analytics/margin-rates', { token: province, body: { rates: [{ productLine: 'home', ratePct: '20.5' }] } });
    expect(set.status).toBe(200);
    expect(set.body).toContainEqual(expect.objectContaining({ productLine: 'home', ratePct: '20.50', updatedByName: 'roi.province' }));
    await app.get(CampaignRollups).refresh();
    const whole = await call(app, 'GET', `/api/analytics/campaigns/${campaign.campaignId}`, { token: province });
    expect(whole.body.figures.margin).toBe('410.00');
  });
});
