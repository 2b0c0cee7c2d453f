import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { PlatformModule } from '@lib/platform';
import { createCustomer, createFixtureOrg, createPolicy, createProducts, createUser, FixtureOrg, resetState, scopeOf } from '../../test/support/fixtures';
import { AttributionModule } from './attribution.module';
import { ConversionAttribution, PolicyQuery } from './conversion-attribution.service';

/** The campaigns run through March 2027; with the 30-day window they convert until 30 April. */
const START = '2027-03-01';
const END = '2027-03-31';

interface Launched {
  campaignId: number;
  launchId: number;
  emailStep: number;
  phoneStep: number;
}

interface Member {
  customerId: number;
  orgUnitId: number;
  control?: boolean;
}

describe(ConversionAttribution.name, () => {
  let app: INestApplicationContext;
  let db: DataSource;
  let attribution: ConversionAttribution;
  let org: FixtureOrg;
  let plannerId: number;
  /** Home property and accident insurance. */
  let bundleId: number;

  /**
   * A campaign launched on `frozenAt` over `members`, with an email and a call step;
   * the plan sells the bundle and names the health line.
   */
  async function launchedCampaign(members: Member[], plan: { frozenAt?: string; start?: string; productLines?: string[] } = {}): Promise<Launched> {
    const [campaign] = await db.query(
      `INSERT INTO campaigns (status, owner_id, owning_org_unit_id) VALUES ('running', $1, $2) RETURNING id`,
      [plannerId, org.province],
    );
    const [revision] = await db.query(
      `INSERT INTO campaign_revisions (campaign_id, number, status, name, objective, start_date, end_date, bundle_id,
                                       attribution_product_lines, created_by)
       VALUES ($1, 1, 'approved', '家财险交叉销售', 'cross_sell', $2, $3, $4, $5, $6) RETURNING id`,
      [campaign.id, plan.start ?? START, END, bundleId, plan.productLines ?? ['health'], plannerId],
    );
    await db.query('UPDATE campaigns SET approved_revision_id = $2 WHERE id = $1', [campaign.id, revision.id]);
    const steps: { id: number }[] = await db.query(
      `INSERT INTO campaign_steps (revision_id, position, channel, template_ref, start_offset_days, cost_per_contact, daily_capacity, branch_ids)
       VALUES ($1, 1, 'email', 'home-offer', 0, 0.10, 1000, '{}'), ($1, 2, 'phone', 'call-script-home', 7, 3.50, 100, '{}')
       RETURNING id`,
      [revision.id],
    );
    const [launch] = await db.query(
      `INSERT INTO campaign_launches (campaign_id, revision_id, seed, control_share_pct, frozen_at, audience, control)
       VALUES ($1, $2, 1, 20, $3, $4, $5) RETURNING id`,
      [campaign.id, revision.id, plan.frozenAt ?? '2027-02-27T10:00:00+08:00', members.length, members.filter((m) => m.control).length],
    );
    await db.query(
      `INSERT INTO launch_members (launch_id, customer_id, org_unit_id, control)
       SELECT $1, unnest($2::bigint[]), unnest($3::int[]), unnest($4::boolean[])`,
      [launch.id, members.map((m) => m.customerId), members.map((m) => m.orgUnitId), members.map((m) => m.control ?? false)],
    );
    return { campaignId: campaign.id, launchId: launch.id, emailStep: steps[0].id, phoneStep: steps[1].id };
  }

  async function contact(campaign: Launched, step: 'email' | 'phone', customerId: number, at: string, status = 'sent'): Promise<number> {
    const [row] = await db.query(
      `INSERT INTO contacts (customer_id, campaign_id, step_id, channel, org_unit_id, contacted_at, status)
       SELECT $1, $2, $3, $4, c.org_unit_id, $5, $6 FROM customers c WHERE c.id = $1 RETURNING id`,
      [customerId, campaign.campaignId, step === 'email' ? campaign.emailStep : campaign.phoneStep, step, at, status],
    );
    return Number(row.id);
  }

  /** A year's policy from `start_date`. */
  const newPolicy = (customerId: number, productCode: string, columns: { start_date: string } & Record<string, unknown>) =>
    createPolicy(db, customerId, productCode, { end_date: `${Number(columns.start_date.slice(0, 4)) + 1}${columns.start_date.slice(4)}`, ...columns });

  const onePolicy = (policyId: number): PolicyQuery => ({ sql: 'SELECT $1::bigint', params: [policyId] });
  const attribute = (policies: PolicyQuery) => db.transaction((manager) => attribution.attribute(manager, policies));

  async function conversionOf(policyId: number) {
    const [row] = await db.query(
      `SELECT campaign_id, control, contact_id::int, step_id, channel, org_unit_id, product_code, premium::float, start_date::text, attributed_at
         FROM campaign_conversions WHERE policy_id = $1`,
      [policyId],
    );
    return row;
  }

  async function eventsOf(policyId: number) {
    return db.query(
      `SELECT occurred_at, contact_id::int, campaign_id, step_id, customer_id::int, org_unit_id, channel, premium::float
         FROM contact_events WHERE event_type = 'converted' AND policy_id = $1`,
      [policyId],
    );
  }

  async function convertedAt(contactId: number): Promise<Date | null> {
    const [row] = await db.query('SELECT converted_at FROM contacts WHERE id = $1', [contactId]);
    return row.converted_at;
  }

  beforeAll(async () => {
    app = await (await Test.createTestingModule({ imports: [PlatformModule, AttributionModule] }).compile()).init();
    db = await resetState(app);
    attribution = app.get(ConversionAttribution);
    org = await createFixtureOrg(db);
    plannerId = await createUser(db, 'planner', org.province, ['campaign_manager']);
    await createProducts(db);
    const [bundle] = await db.query(
      `INSERT INTO bundles (code, name, product_codes, price, eligibility_rule, valid_from, valid_to, owner_org_unit_id, created_by)
       VALUES ('HOME-PLUS', '家财+意外', '{JCX,YWX}', 500, '{}', '2027-01-01', '2027-12-31', $1, $2) RETURNING id`,
      [org.province, plannerId],
    );
    bundleId = bundle.id;
  });

  afterAll(async () => {
    await app.close();
  });

  it('credits a contacted treatment member to the last real contact before the start, with its step, channel and branch', async () => {
    const customer = await createCustomer(db, org.countyA1);
    const campaign = await launchedCampaign([{ customerId: customer, orgUnitId: org.countyA1 }]);
    const email = await contact(campaign, 'email', customer, '2027-03-02T10:00:00+08:00');
    // Later, but still planned (never sent), or sent after the policy started: neither is the contact that converted.
    await contact(campaign, 'phone', customer, '2027-03-09T10:00:00+08:00', 'planned');
    const policy = await newPolicy(customer, 'JCX', { premium: 1280, start_date: '2027-03-06' });

    await expect(attribute(onePolicy(policy))).resolves.toEqual({ considered: 1, credited: 1, withdrawn: 0 });

    expect(await conversionOf(policy)).toMatchObject({
      campaign_id: campaign.campaignId, control: false, contact_id: email, step_id: campaign.emailStep, channel: 'email',
      org_unit_id: org.countyA1, product_code: 'JCX', premium: 1280, start_date: '2027-03-06',
    });
    const startOfDay = new Date('2027-03-06T00:00:00+08:00');
    expect(await eventsOf(policy)).toEqual([{
      occurred_at: startOfDay, contact_id: email, campaign_id: campaign.campaignId, step_id: campaign.emailStep, customer_id: Number(customer),
      org_unit_id: org.countyA1, channel: 'email', premium: 1280,
    }]);
    expect(await convertedAt(email)).toEqual(startOfDay);
  });

  it('counts a treatment member never reached for the treatment group, and a control member for the control group, by membership', async () => {
    const unreached = await createCustomer(db, org.countyA1);
    const held = await createCustomer(db, org.countyA2);
    const campaign = await launchedCampaign([
      { customerId: unreached, orgUnitId: org.countyA1 },
      { customerId: held, orgUnitId: org.countyA2, control: true },
    ]);
    await contact(campaign, 'email', unreached, '2027-03-02T10:00:00+08:00', 'bounced');
    await contact(campaign, 'phone', unreached, '2027-03-20T10:00:00+08:00');
    const unreachedPolicy = await newPolicy(unreached, 'YWX', { premium: 200, start_date: '2027-03-10' });
    const heldPolicy = await newPolicy(held, 'JCX', { premium: 900, start_date: '2027-03-10' });

    await expect(attribute({ sql: 'SELECT unnest($1::bigint[])', params: [[unreachedPolicy, heldPolicy]] })).resolves.toMatchObject({ credited: 2 });

    expect(await conversionOf(unreachedPolicy)).toMatchObject({
      campaign_id: campaign.campaignId, control: false, contact_id: null, step_id: null, channel: null, org_unit_id: org.countyA1,
    });
    expect(await conversionOf(heldPolicy)).toMatchObject({
      campaign_id: campaign.campaignId, control: true, contact_id: null, step_id: null, channel: null, org_unit_id: org.countyA2,
    });
    expect(await eventsOf(heldPolicy)).toEqual([
      expect.objectContaining({ contact_id: null, step_id: null, channel: null, campaign_id: campaign.campaignId, org_unit_id: org.countyA2, premium: 900 }),
    ]);

    await expect(attribution.conversionsOf(await scopeOf(db, org.province), campaign.campaignId)).resolves.toEqual({
      campaignId: campaign.campaignId,
      treatment: { members: 1, converters: 1, conversions: 1, premium: '200.00' },
      control: { members: 1, converters: 1, conversions: 1, premium: '900.00' },
      byBranch: [
        { orgUnitId: org.countyA1, group: 'treatment', members: 1, converters: 1, conversions: 1, premium: '200.00' },
        { orgUnitId: org.countyA2, group: 'control', members: 1, converters: 1, conversions: 1, premium: '900.00' },
      ],
    });
    await expect(attribution.conversionsOf(await scopeOf(db, org.cityB), campaign.campaignId)).rejects.toMatchObject({ status: 404 });
  });

  it('takes products of the bundle and of the product lines the plan names, and nothing else', async () => {
    const customer = await createCustomer(db, org.countyB1);
    const campaign = await launchedCampaign([{ customerId: customer, orgUnitId: org.countyB1 }]);
    const inBundle = await newPolicy(customer, 'YWX', { start_date: '2027-03-10' });
    const inNamedLine = await newPolicy(customer, 'JKX', { start_date: '2027-03-10' });
    const neither = await newPolicy(customer, 'SYX', { start_date: '2027-03-10' });

    await attribute({ sql: 'SELECT unnest($1::bigint[])', params: [[inBundle, inNamedLine, neither]] });

    expect((await conversionOf(inBundle))?.campaign_id).toBe(campaign.campaignId);
    expect((await conversionOf(inNamedLine))?.campaign_id).toBe(campaign.campaignId);
    expect(await conversionOf(neither)).toBeUndefined();
    expect(await eventsOf(neither)).toEqual([]);
  });

  it('takes policies starting from the later of the start and the launch day to the end plus the window', async () => {
    const customer = await createCustomer(db, org.countyB1);
    // Launched two days after the planned start.
    const campaign = await launchedCampaign([{ customerId: customer, orgUnitId: org.countyB1 }], { frozenAt: '2027-03-03T09:00:00+08:00' });
    const dates = ['2027-02-28', '2027-03-02', '2027-03-03', '2027-04-30', '2027-05-01'];
    const policies = await Promise.all(dates.map((start_date) => newPolicy(customer, 'JCX', { start_date })));

    await attribute({ sql: 'SELECT unnest($1::bigint[])', params: [policies] });

    const credited = await Promise.all(policies.map(async (id) => (await conversionOf(id))?.campaign_id ?? null));
    expect(credited).toEqual([null, null, campaign.campaignId, campaign.campaignId, null]);
  });

  it('gives a policy qualifying for two campaigns to the one of the last contact before its start, else to the latest launch', async () => {
    const customer = await createCustomer(db, org.countyA2);
    const member = [{ customerId: customer, orgUnitId: org.countyA2 }];
    const first = await launchedCampaign(member, { frozenAt: '2027-02-20T10:00:00+08:00' });
    const second = await launchedCampaign(member, { frozenAt: '2027-02-25T10:00:00+08:00' });
    const firstCall = await contact(first, 'phone', customer, '2027-03-08T15:00:00+08:00');
    await contact(second, 'email', customer, '2027-03-05T10:00:00+08:00');
    // The second campaign's later mail comes after the policy started.
    await contact(second, 'phone', customer, '2027-03-12T10:00:00+08:00');
    const policy = await newPolicy(customer, 'JCX', { start_date: '2027-03-09' });

    await attribute(onePolicy(policy));
    expect(await conversionOf(policy)).toMatchObject({ campaign_id: first.campaignId, contact_id: firstCall, channel: 'phone' });

    // Members of both and contacted by neither: the latest launch.
    const quiet = await createCustomer(db, org.countyA2);
    const older = await launchedCampaign([{ customerId: quiet, orgUnitId: org.countyA2, control: true }], { frozenAt: '2027-02-20T10:00:00+08:00' });
    const newer = await launchedCampaign([{ customerId: quiet, orgUnitId: org.countyA2 }], { frozenAt: '2027-02-26T10:00:00+08:00' });
    const quietPolicy = await newPolicy(quiet, 'JCX', { start_date: '2027-03-09' });
    await attribute(onePolicy(quietPolicy));
    expect(await conversionOf(quietPolicy)).toMatchObject({ campaign_id: newer.campaignId, control: false });
    expect(older.campaignId).toBeLessThan(newer.campaignId);
  });

  it('changes nothing when run again, and follows a change of premium, start or status', async () => {
    const customer = await createCustomer(db, org.countyA1);
    const campaign = await launchedCampaign([{ customerId: customer, orgUnitId: org.countyA1 }]);
    const email = await contact(campaign, 'email', customer, '2027-03-02T10:00:00+08:00');
    const policy = await newPolicy(customer, 'JCX', { premium: 1000, start_date: '2027-03-31' });
    await attribute(onePolicy(policy));
    const before = await conversionOf(policy);

    await expect(attribute(onePolicy(policy))).resolves.toEqual({ considered: 1, credited: 0, withdrawn: 0 });
    expect(await conversionOf(policy)).toEqual(before);
    expect(await eventsOf(policy)).toHaveLength(1);

    // A corrected premium and a start moved into the next month (the event's partition changes with it).
    await db.query(`UPDATE policies SET premium = 1500, start_date = '2027-04-02', updated_at = now() WHERE id = $1`, [policy]);
    await expect(attribute(onePolicy(policy))).resolves.toEqual({ considered: 1, credited: 1, withdrawn: 0 });
    expect(await conversionOf(policy)).toMatchObject({ premium: 1500, start_date: '2027-04-02', contact_id: email });
    expect(await eventsOf(policy)).toEqual([expect.objectContaining({ premium: 1500, occurred_at: new Date('2027-04-02T00:00:00+08:00') })]);
    expect(await convertedAt(email)).toEqual(new Date('2027-04-02T00:00:00+08:00'));

    // Cancelled: the sale is withdrawn with its event and the contact's mark.
    await db.query(`UPDATE policies SET status = 'cancelled', updated_at = now() WHERE id = $1`, [policy]);
    await expect(attribute(onePolicy(policy))).resolves.toEqual({ considered: 1, credited: 0, withdrawn: 1 });
    expect(await conversionOf(policy)).toBeUndefined();
    expect(await eventsOf(policy)).toEqual([]);
    expect(await convertedAt(email)).toBeNull();
  });

  it('attributes every policy changed in the last hours in one run (the sweep)', async () => {
    const customer = await createCustomer(db, org.countyB1);
    const campaign = await launchedCampaign([{ customerId: customer, orgUnitId: org.countyB1, control: true }]);
    const recent = await newPolicy(customer, 'JCX', { start_date: '2027-03-15' });
    const old = await newPolicy(customer, 'YWX', { start_date: '2027-03-15', updated_at: new Date(Date.now() - 72 * 3600_000) });

    await attribution.run({ changedSinceHours: 48 });

    expect((await conversionOf(recent))?.campaign_id).toBe(campaign.campaignId);
    expect(await conversionOf(old)).toBeUndefined();
  });
});
