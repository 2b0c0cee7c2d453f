import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { OrgScope } from '@lib/auth';
import { ValidationError } from '@lib/common';
import { createCustomer, createFixtureOrg, createProducts, createUser, FixtureOrg, resetState, scopeOf } from '../../test/support/fixtures';
import { startApi } from '../../test/support/test-app';
import { CampaignForecast } from './campaign-forecast.service';
import { FORECAST_PRIORS } from './forecast-priors';
import type { ForecastInput } from './forecast.view';

describe(CampaignForecast.name, () => {
  let app: NestFastifyApplication;
  let db: DataSource;
  let forecasts: CampaignForecast;
  let org: FixtureOrg;
  let province: OrgScope;
  let segmentAll: number;
  let segmentOptedOut: number;

  async function segmentOf(customerIds: number[], ownerUnit: number, createdBy: number): Promise<number> {
    const [row] = await db.query(
      `INSERT INTO segments (name, kind, owner_org_unit_id, created_by) VALUES ('s', 'static', $1, $2) RETURNING id`,
      [ownerUnit, createdBy],
    );
    await db.query(`INSERT INTO segment_members (segment_id, customer_id) SELECT $1, unnest($2::bigint[])`, [row.id, customerIds]);
    return row.id;
  }

  const plan = (changes: Partial<ForecastInput> = {}): ForecastInput => ({
    objective: 'cross_sell',
    // A Monday to a Sunday: seven days.
    startDate: '2027-03-01',
    endDate: '2027-03-07',
    includeSegmentIds: [segmentAll],
    branchIds: [org.cityA, org.cityB],
    controlSharePct: 10,
    steps: [{ channel: 'phone', costPerContact: '5.00' }],
    ...changes,
  });

  beforeAll(async () => {
    app = await startApi();
    db = await resetState(app);
    forecasts = app.get(CampaignForecast);
    org = await createFixtureOrg(db);
    await createProducts(db);
    const manager = await createUser(db, 'cm', org.province, ['campaign_manager']);
    province = await scopeOf(db, org.province);
    const customers: number[] = [];
    // 60 customers in Nanjing's counties, 40 in Kunshan; 10 of Nanjing's refuse calls, 5 are do-not-contact.
    for (let i = 0; i < 60; i += 1) customers.push(await createCustomer(db, i % 2 ? org.countyA1 : org.countyA2, { consent_phone: i >= 10 }));
    for (let i = 0; i < 40; i += 1) customers.push(await createCustomer(db, org.countyB1, { do_not_contact: i < 5 }));
    segmentAll = await segmentOf(customers, org.province, manager);
    segmentOptedOut = await segmentOf(customers.slice(0, 20), org.province, manager);
  });

  afterAll(async () => {
    await app.close();
  });

  it('counts the audience after contact rules, holds out the control share and prices the contacts', async () => {
    const result = await forecasts.forecast(province, plan());
    expect(result.audience).toBe(100);
    expect(result.contactable).toBe(85);
    expect(result.excluded).toEqual(
      expect.arrayContaining([
        { channel: 'phone', reason: 'no_consent', count: 10 },
        { channel: 'phone', reason: 'do_not_contact', count: 5 },
      ]),
    );
    const [step] = result.steps;
    expect(step).toMatchObject({ contactable: 85, treatment: 76, days: 7, capacity: null, contacts: 76, limitedBy: 'audience', cost: '380.00' });
    expect(step.conversionRate).toEqual({ rate: FORECAST_PRIORS.cross_sell.phone.conversion, source: 'prior', observedContacts: 0 });
    expect(result.cost).toBe('380.00');
  });

  it('limits a step to its branches, its capacity and what the budget leaves', async () => {
    const result = await forecasts.forecast(
      province,
      plan({
        excludeSegmentIds: [segmentOptedOut],
        budget: '300.00',
        steps: [
          // Nanjing only, Monday to Friday, 5 calls a day: 25 calls at most.
          { channel: 'phone', costPerContact: '5.00', branchIds: [org.cityA], daysOfWeek: [1, 2, 3, 4, 5], dailyCapacity: 5 },
          { channel: 'email', costPerContact: '0.50' },
        ],
      }),
    );
    expect(result.audience).toBe(80);
    expect(result.steps[0]).toMatchObject({ contactable: 40, treatment: 36, capacity: 25, contacts: 25, limitedBy: 'capacity', cost: '125.00' });
    // 175.00 left at 0.50 an email: 350 affordable, more than the 67 treated.
    expect(result.steps[1]).toMatchObject({ contactable: 75, treatment: 67, contacts: 67, limitedBy: 'audience', cost: '33.50' });
    expect(result.budgetSuffices).toBe(true);

    const tight = await forecasts.forecast(province, plan({ budget: '100.00' }));
    expect(tight.steps[0]).toMatchObject({ contacts: 20, limitedBy: 'budget', cost: '100.00' });
    expect(tight.budgetSuffices).toBe(false);
  });

  it('counts only the part of the audience inside the caller’s branch', async () => {
    const kunshan = await scopeOf(db, org.countyB1);
    const result = await forecasts.forecast(kunshan, plan());
    expect(result.audience).toBe(40);
    expect(result.contactable).toBe(35);
  });

  it('names every problem of the plan by field', async () => {
    const refusal = forecasts.forecast(
      province,
      plan({ endDate: '2027-02-01', budget: '1e-9', steps: [{ channel: 'phone', costPerContact: '1.234', branchIds: [org.countyB1 + 1000] }] }),
    );
    await expect(refusal).rejects.toBeInstanceOf(ValidationError);
    await expect(refusal).rejects.toMatchObject({
      details: expect.arrayContaining([
        expect.objectContaining({ field: 'endDate' }),
        expect.objectContaining({ field: 'budget' }),
        expect.objectContaining({ field: 'steps.0.costPerContact' }),
        expect.objectContaining({ field: 'steps.0.branchIds' }),
      ]),
    });
  });

  it('names the parts a half-written plan still lacks', async () => {
    await expect(forecasts.forecast(province, { objective: 'retention' })).rejects.toMatchObject({
      details: ['startDate', 'endDate', 'includeSegmentIds', 'branchIds'].map((field) => ({ field, code: 'required' })),
    });
  });
});
