import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DomainError } from '@lib/common';
import { PlatformModule } from '@lib/platform';
import { createCustomer, createFixtureOrg, createPolicy, createProducts, createUser, FixtureOrg, resetState, scopeOf } from '../../test/support/fixtures';
import { CustomerDrillDownModule } from './customer-drill-down.module';
import { CustomerDrillDown } from './customer-drill-down.service';
import type { DrillDownFilter } from './customer-drill-down.view';

/**
 * One launched campaign over five customers: three treatment members in county A1
 * (one emailed and clicked, one emailed and called with an interested answer and a
 * policy, one planned only), one treatment member in city B (emailed, clicked, bought),
 * one control member in county A2 who bought on their own.
 */
describe(CustomerDrillDown.name, () => {
  let app: INestApplicationContext;
  let db: DataSource;
  let drillDown: CustomerDrillDown;
  let org: FixtureOrg;
  let campaignId: number;
  let emailStep: number;
  let phoneStep: number;
  const c: Record<'clicker' | 'caller' | 'planned' | 'cityB' | 'control', number> = { clicker: 0, caller: 0, planned: 0, cityB: 0, control: 0 };
  const policies: Record<'caller' | 'cityB' | 'control', number> = { caller: 0, cityB: 0, control: 0 };

  async function contact(customerId: number, stepId: number, channel: string, status: string, sentAt: string | null): Promise<number> {
    const [row] = await db.query(
      `INSERT INTO contacts (customer_id, campaign_id, step_id, channel, org_unit_id, contacted_at, sent_at, status)
       SELECT $1, $2, $3, $4, org_unit_id, coalesce($6::timestamptz, '2027-03-01T09:00:00+08:00'), $6, $5 FROM customers WHERE id = $1 RETURNING id`,
      [customerId, campaignId, stepId, channel, status, sentAt],
    );
    return Number(row.id);
  }

  async function event(contactId: number, type: string, at: string): Promise<void> {
    await db.query(
      `INSERT INTO contact_events (event_id, occurred_at, contact_id, campaign_id, step_id, customer_id, org_unit_id, channel, event_type, link_index)
       SELECT $1, $2, k.id, k.campaign_id, k.step_id, k.customer_id, k.org_unit_id, k.channel, $3::varchar, CASE WHEN $3::varchar = 'clicked' THEN 0 END
         FROM contacts k WHERE k.id = $4`,
      [randomUUID(), at, type, contactId],
    );
  }

  async function conversion(launchId: number, customerId: number, policyId: number, control: boolean, contactId: number | null, orgUnitId: number): Promise<void> {
    await db.query(
      `INSERT INTO campaign_conversions (policy_id, campaign_id, launch_id, customer_id, control, contact_id, step_id, channel, org_unit_id, product_code, premium, start_date)
       SELECT p.id, $2, $3, $4, $5, $6, k.step_id, k.channel, $7, p.product_code, p.premium, p.start_date
         FROM policies p LEFT JOIN contacts k ON k.id = $6 WHERE p.id = $1`,
      [policyId, campaignId, launchId, customerId, control, contactId, orgUnitId],
    );
  }

  const list = async (unit: number, filter: DrillDownFilter, page = 1, pageSize = 20) =>
    drillDown.list(await scopeOf(db, unit), campaignId, filter, page, pageSize);

  async function refusal(promise: Promise<unknown>): Promise<DomainError> {
    const error = await promise.then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }

  beforeAll(async () => {
    app = await (await Test.createTestingModule({ imports: [PlatformModule, CustomerDrillDownModule] }).compile()).init();
    db = await resetState(app);
    drillDown = app.get(CustomerDrillDown);
    org = await createFixtureOrg(db);
    await createProducts(db);
    await db.query(`SELECT create_contact_event_partitions('2027-03-01', 1)`);
    await db.query(`UPDATE org_units SET name_en = 'Jiangning' WHERE id = $1`, [org.countyA1]);
    const plannerId = await createUser(db, 'planner', org.province, ['campaign_manager']);
    c.clicker = Number(await createCustomer(db, org.countyA1, { name: '张三', mobile: '13812345678' }));
    c.caller = Number(await createCustomer(db, org.countyA1, { name: '=HYPERLINK("http://evil")' }));
    c.planned = Number(await createCustomer(db, org.countyA1));
    c.cityB = Number(await createCustomer(db, org.cityB));
    c.control = Number(await createCustomer(db, org.countyA2));

    const [campaign] = await db.query(
      `INSERT INTO campaigns (code, status, owner_id, owning_org_unit_id) VALUES ('C-DRILL', 'completed', $1, $2) RETURNING id`,
      [plannerId, org.province],
    );
    campaignId = campaign.id;
    const [revision] = await db.query(
      `INSERT INTO campaign_revisions (campaign_id, number, status, name, objective, start_date, end_date, branch_ids, created_by)
       VALUES ($1, 1, 'approved', '家财险交叉销售', 'cross_sell', '2027-03-01', '2027-03-31', $2, $3) RETURNING id`,
      [campaignId, [org.cityA, org.cityB], plannerId],
    );
    await db.query('UPDATE campaigns SET approved_revision_id = $2 WHERE id = $1', [campaignId, revision.id]);
    [{ id: emailStep }, { id: phoneStep }] = await db.query(
      `INSERT INTO campaign_steps (revision_id, position, channel, template_ref, start_offset_days, cost_per_contact, daily_capacity, branch_ids)
       VALUES ($1, 1, 'email', 'home-offer', 0, 0.10, 1000, '{}'), ($1, 2, 'phone', 'call-script-home', 7, 3.50, 100, '{}') RETURNING id`,
      [revision.id],
    );
    const [launch] = await db.query(
      `INSERT INTO campaign_launches (campaign_id, revision_id, seed, control_share_pct, frozen_at, audience, control)
       VALUES ($1, $2, 1, 20, '2027-02-28T10:00:00+08:00', 5, 1) RETURNING id`,
      [campaignId, revision.id],
    );
    await db.query(
      `INSERT INTO launch_members (launch_id, customer_id, org_unit_id, value_tier, control)
       SELECT $1, unnest($2::bigint[]), unnest($3::int[]), unnest($4::text[]), unnest($5::boolean[])`,
      [
        launch.id,
        [c.clicker, c.caller, c.planned, c.cityB, c.control],
        [org.countyA1, org.countyA1, org.countyA1, org.cityB, org.countyA2],
        ['gold', 'silver', 'ordinary', 'gold', 'gold'],
        [false, false, false, false, true],
      ],
    );

    const clickerEmail = await contact(c.clicker, emailStep, 'email', 'clicked', '2027-03-01T09:00:00+08:00');
    await event(clickerEmail, 'opened', '2027-03-01T10:00:00+08:00');
    await event(clickerEmail, 'clicked', '2027-03-01T10:05:00+08:00');
    await event(clickerEmail, 'clicked', '2027-03-02T08:00:00+08:00');
    await contact(c.caller, emailStep, 'email', 'delivered', '2027-03-01T09:00:00+08:00');
    const call = await contact(c.caller, phoneStep, 'phone', 'connected', '2027-03-08T11:00:00+08:00');
    await event(call, 'responded', '2027-03-08T11:03:00+08:00');
    await contact(c.planned, emailStep, 'email', 'planned', null);
    const cityBEmail = await contact(c.cityB, emailStep, 'email', 'clicked', '2027-03-01T09:00:00+08:00');
    // Just after midnight local time: still 1 March in UTC, 2 March on the insurer's clock.
    await event(cityBEmail, 'clicked', '2027-03-02T00:30:00+08:00');

    policies.caller = await createPolicy(db, c.caller, 'JCX', { premium: 1280, start_date: '2027-03-10', end_date: '2028-03-09' });
    policies.cityB = await createPolicy(db, c.cityB, 'YWX', { premium: 300, start_date: '2027-03-05', end_date: '2028-03-04' });
    policies.control = await createPolicy(db, c.control, 'JCX', { premium: 990, start_date: '2027-03-12', end_date: '2028-03-11' });
    await conversion(launch.id, c.caller, policies.caller, false, call, org.countyA1);
    await conversion(launch.id, c.cityB, policies.cityB, false, cityBEmail, org.cityB);
    await conversion(launch.id, c.control, policies.control, true, null, org.countyA2);
  });

  afterAll(async () => {
    await app.close();
  });

  it('lists the responders as the responses figure counts them: each contact once, at its first click or response, newest first', async () => {
    const page = await list(org.province, { kind: 'responders' });
    expect(page.total).toBe(3);
    expect(page.items.map((line) => [line.customerId, line.stepPosition, line.channel])).toEqual([
      [c.caller, 2, 'phone'],
      [c.cityB, 1, 'email'],
      [c.clicker, 1, 'email'],
    ]);
    expect(page.items[2]).toMatchObject({
      name: '张三', mobile: '138****5678', orgUnitId: org.countyA1, orgUnitName: '江宁支公司', valueTier: 'gold',
      contactStatus: 'clicked', respondedAt: new Date('2027-03-01T02:05:00Z'), policyNo: null,
    });
  });

  it('lists the converters one policy a line, with policy and premium, and the control group’s apart', async () => {
    const treatment = await list(org.province, { kind: 'converters' });
    expect(treatment.items.map((line) => [line.customerId, line.policyStartDate, line.premium, line.productCode, line.channel])).toEqual([
      [c.caller, '2027-03-10', '1280.00', 'JCX', 'phone'],
      [c.cityB, '2027-03-05', '300.00', 'YWX', 'email'],
    ]);
    expect(treatment.items[0]).toMatchObject({ productName: '家庭财产保险', productNameEn: 'Home property insurance', respondedAt: new Date('2027-03-08T03:03:00Z') });
    const control = await list(org.province, { kind: 'converters', group: 'control' });
    expect(control.items).toEqual([expect.objectContaining({ customerId: c.control, orgUnitId: org.countyA2, stepId: null, channel: null, premium: '990.00' })]);
  });

  it('lists contacts made, not those still planned, and members of each group as drawn', async () => {
    const contacts = await list(org.province, { kind: 'contacts' });
    expect(contacts.total).toBe(4);
    expect(contacts.items.some((line) => line.customerId === c.planned)).toBe(false);
    const members = await list(org.province, { kind: 'members' });
    expect(members.items.map((line) => line.customerId).sort()).toEqual([c.clicker, c.caller, c.planned, c.cityB].sort());
    expect((await list(org.province, { kind: 'members', group: 'control' })).items.map((line) => line.customerId)).toEqual([c.control]);
  });

  it('narrows to a breakdown line: a branch’s own lines, a step, a channel, a value tier, a local day', async () => {
    const ids = async (unit: number, filter: DrillDownFilter) => (await list(unit, filter)).items.map((line) => line.customerId);
    expect(await ids(org.province, { kind: 'responders', branch: org.countyA1 })).toEqual([c.caller, c.clicker]);
    expect(await ids(org.province, { kind: 'responders', branch: org.cityA })).toEqual([]);
    expect(await ids(org.province, { kind: 'responders', step: phoneStep })).toEqual([c.caller]);
    expect(await ids(org.province, { kind: 'contacts', channel: 'email', valueTier: 'silver' })).toEqual([c.caller]);
    expect(await ids(org.province, { kind: 'responders', day: '2027-03-02' })).toEqual([c.cityB]);
    expect(await ids(org.province, { kind: 'converters', day: '2027-03-05' })).toEqual([c.cityB]);
  });

  it('pages in a stable order and counts the whole list', async () => {
    const first = await list(org.province, { kind: 'contacts' }, 1, 3);
    const second = await list(org.province, { kind: 'contacts' }, 2, 3);
    const beyond = await list(org.province, { kind: 'contacts' }, 3, 3);
    expect([first.total, second.total, beyond.total]).toEqual([4, 4, 4]);
    expect([...first.items, ...second.items]).toHaveLength(4);
    expect(new Set([...first.items, ...second.items].map((line) => `${line.customerId}:${line.stepId}`)).size).toBe(4);
    expect(beyond.items).toEqual([]);
  });

  it("shows a branch only its own subtree's customers, and another branch none of them", async () => {
    const cityA = await list(org.cityA, { kind: 'responders' });
    expect(cityA.items.map((line) => line.customerId)).toEqual([c.caller, c.clicker]);
    const cityB = await list(org.cityB, { kind: 'converters' });
    expect(cityB.items.map((line) => line.customerId)).toEqual([c.cityB]);
    expect((await list(org.countyB1, { kind: 'responders' })).total).toBe(0);
    expect((await list(org.cityB, { kind: 'converters', group: 'control' })).total).toBe(0);
    // A unit outside the reader's scope is not there to name.
    expect((await refusal(list(org.cityB, { kind: 'responders', branch: org.countyA1 }))).status).toBe(404);
  });

  it('refuses what the group or the kind does not have, by field', async () => {
    const control = await refusal(list(org.province, { kind: 'responders', group: 'control' }));
    expect(control.details).toEqual([{ field: 'group', code: 'drill_down_control_not_contacted' }]);
    const members = await refusal(list(org.province, { kind: 'members', step: emailStep, day: '2027-03-01' }));
    expect(members.details?.map((problem) => [problem.field, problem.code])).toEqual([
      ['step', 'drill_down_members_have_no_step'],
      ['day', 'drill_down_members_have_no_day'],
    ]);
    const step = await refusal(list(org.province, { kind: 'contacts', step: 999_999 }));
    expect(step.details).toEqual([{ field: 'step', code: 'step_not_in_campaign', params: { id: 999_999 } }]);
    expect((await refusal(drillDown.list(await scopeOf(db, org.province), 999_999, { kind: 'contacts' }, 1, 20))).status).toBe(404);
  });

  it('exports the same list as CSV and XLSX, headed in the reader’s language, formulas written as text', async () => {
    const scope = await scopeOf(db, org.cityA);
    const csv = (await drillDown.export(scope, campaignId, { kind: 'converters' }, 'csv', 'en')).toString('utf8');
    expect(csv.startsWith('\uFEFFCustomer no.,Customer name,Mobile,Branch,')).toBe(true);
    const lines = csv.trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(lines[1]).toContain('Jiangning');
    expect(lines[1]).toContain(',1280,2027-03-10');
    expect(lines[1]).toContain('2027-03-08 11:00:00');

    const file = await drillDown.export(scope, campaignId, { kind: 'responders' }, 'xlsx', 'zh');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file as unknown as ExcelJS.Buffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.getRow(1).getCell(1).value).toBe('客户号');
    expect(sheet.rowCount).toBe(3);
    expect(sheet.getRow(2).getCell(2).value).toBe(`'=HYPERLINK("http://evil")`);
    expect(sheet.getRow(3).getCell(2).value).toBe('张三');
  });
});
