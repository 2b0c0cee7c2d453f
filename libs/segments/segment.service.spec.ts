import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { OrgScope } from '@lib/auth';
import { ForbiddenError, NotFoundError, ValidationError } from '@lib/common';
import { createCampaignRows, createCustomer, createFixtureOrg, createPolicy, createProducts, createUser, FixtureOrg, resetState } from '../../test/support/fixtures';
import { startApi } from '../../test/support/test-app';
import { RuleCondition, RuleNode } from './rule';
import { SegmentService } from './segment.service';

const condition = (field: string, operator: string, value?: unknown, params?: Record<string, unknown>): RuleCondition => ({
  type: 'condition', field, operator, value, ...(params ? { params } : {}),
});
const all = (...children: RuleNode[]): RuleNode => ({ type: 'group', op: 'all', children });
const any = (...children: RuleNode[]): RuleNode => ({ type: 'group', op: 'any', children });
const not = (...children: RuleNode[]): RuleNode => ({ type: 'group', op: 'not', children });

function daysFromNow(days: number): string {
  return new Date(Date.now() + days * 86400000).toISOString().slice(0, 10);
}

describe(SegmentService.name, () => {
  let app: NestFastifyApplication;
  let db: DataSource;
  let service: SegmentService;
  let org: FixtureOrg;
  let province: OrgScope;
  let countyA1: OrgScope;
  let managerId: number;
  /** Customers by role in the story: the ids the rules below must select. */
  const c: Record<string, number> = {};

  async function scopeOf(unitId: number): Promise<OrgScope> {
    const [unit] = await db.query('SELECT path FROM org_units WHERE id = $1', [unitId]);
    return new OrgScope(unitId, unit.path);
  }

  async function selected(rule: RuleNode, scope = province): Promise<string[]> {
    const audience = await service.audienceOf(scope, { rule });
    const rows: { customer_id: string }[] = await db.query(audience.sql, audience.params);
    const names = new Map(Object.entries(c).map(([name, id]) => [String(id), name]));
    return rows.map((row) => names.get(String(row.customer_id)) ?? `?${row.customer_id}`).sort();
  }

  beforeAll(async () => {
    app = await startApi();
    db = await resetState(app);
    service = app.get(SegmentService);
    org = await createFixtureOrg(db);
    await createProducts(db);
    managerId = await createUser(db, 'segment.manager', org.province, ['segment_manager']);
    province = await scopeOf(org.province);
    countyA1 = await scopeOf(org.countyA1);

    c.motorOnly = await createCustomer(db, org.countyA1, { birth_date: '1990-01-01', value_tier: 'gold', gender: 'M' });
    await createPolicy(db, c.motorOnly, 'SYX', { start_date: '2015-03-01', end_date: daysFromNow(200) });
    c.motorAndHome = await createCustomer(db, org.countyA1, { birth_date: '1960-01-01', value_tier: 'silver', gender: 'M' });
    await createPolicy(db, c.motorAndHome, 'SYX', { end_date: daysFromNow(200) });
    await createPolicy(db, c.motorAndHome, 'JCX', { end_date: daysFromNow(200), premium: 300 });
    c.renewing = await createCustomer(db, org.countyA2, { gender: 'F' });
    const renewal = await createPolicy(db, c.renewing, 'SYX', { end_date: daysFromNow(30), premium: 4200 });
    await db.query(
      `INSERT INTO claims (claim_no, policy_id, customer_id, claim_date, amount, status) VALUES
         ('CL1', $1, $2, current_date - 30, 800, 'paid'), ('CL2', $1, $2, current_date - 90, 1200, 'paid'),
         ('CL3', $1, $2, current_date - 800, 5000, 'paid'), ('CL4', $1, $2, current_date - 10, 9000, 'rejected')`,
      [renewal, c.renewing],
    );
    c.homeOnly = await createCustomer(db, org.countyB1, { city: '苏州' });
    await createPolicy(db, c.homeOnly, 'JCX', { end_date: daysFromNow(200) });
    await createPolicy(db, c.homeOnly, 'SYX', { status: 'expired', end_date: daysFromNow(-30) });
    await createCampaignRows(db, [7, 8], managerId, org.province);
    await db.query(
      `INSERT INTO contacts (customer_id, campaign_id, channel, org_unit_id, contacted_at, status, responded_at)
       VALUES ($1, 7, 'phone', $2, now() - interval '5 days', 'connected', now() - interval '5 days'),
              ($1, 8, 'email', $2, now() - interval '60 days', 'delivered', NULL)`,
      [c.homeOnly, org.countyB1],
    );
    c.noPolicies = await createCustomer(db, org.countyB1, { birth_date: null, gender: 'M', do_not_contact: true, consent_phone: false });
  });

  afterAll(async () => {
    await app.close();
  });

  it('selects holders and non-holders of a product line by their active policies', async () => {
    await expect(selected(condition('holds_line', 'has', 'motor_commercial'))).resolves.toEqual(['motorAndHome', 'motorOnly', 'renewing']);
    await expect(selected(all(condition('holds_line', 'has', 'motor_commercial'), condition('holds_line', 'lacks', 'home'))))
      .resolves.toEqual(['motorOnly', 'renewing']);
    await expect(selected(condition('holds_product', 'lacks', 'SYX'))).resolves.toEqual(['homeOnly', 'noPolicies']);
  });

  it('selects policies expiring within N days, by line', async () => {
    await expect(selected(condition('policy_expiring', 'within_days', 60, { line: 'motor_commercial' }))).resolves.toEqual(['renewing']);
    await expect(selected(condition('policy_expiring', 'within_days', 20))).resolves.toEqual([]);
    await expect(selected(condition('policy_expiring', 'within_days', 60, { product: 'JCX' }))).resolves.toEqual([]);
  });

  it('counts claims and their amount in the last N months, rejected claims and older ones left out', async () => {
    await expect(selected(condition('claims_count', '>=', 2, { months: 12 }))).resolves.toEqual(['renewing']);
    await expect(selected(condition('claims_count', '>=', 3, { months: 36 }))).resolves.toEqual(['renewing']);
    await expect(selected(condition('claims_amount', 'between', [1000, 2500], { months: 12 }))).resolves.toEqual(['renewing']);
    await expect(selected(condition('claims_count', '=', 0, { months: 12 }))).resolves.toEqual(['homeOnly', 'motorAndHome', 'motorOnly', 'noPolicies']);
  });

  it('counts active policies and their premium, customers without policies as zero', async () => {
    await expect(selected(condition('active_policy_count', '>=', 2))).resolves.toEqual(['motorAndHome']);
    await expect(selected(condition('active_policy_count', '<', 1))).resolves.toEqual(['noPolicies']);
    await expect(selected(condition('annual_premium', '>', 2000))).resolves.toEqual(['renewing']);
  });

  it('selects by contact history: contacted, not contacted, responded within N days', async () => {
    await expect(selected(condition('contacted', 'within_days', 30))).resolves.toEqual(['homeOnly']);
    await expect(selected(condition('contacted', 'within_days', 30, { channel: 'email' }))).resolves.toEqual([]);
    await expect(selected(condition('contacted', 'within_days', 90, { campaignId: 8 }))).resolves.toEqual(['homeOnly']);
    await expect(selected(condition('not_contacted', 'within_days', 30))).resolves.toEqual(['motorAndHome', 'motorOnly', 'noPolicies', 'renewing']);
    await expect(selected(condition('responded', 'within_days', 30, { campaignId: 7 }))).resolves.toEqual(['homeOnly']);
    await expect(selected(condition('converted', 'within_days', 30))).resolves.toEqual([]);
  });

  it('selects by customer attributes: age, tenure, tier, city, branch subtree, consent, do-not-contact', async () => {
    await expect(selected(condition('age', '>=', 60))).resolves.toEqual(['motorAndHome']);
    await expect(selected(condition('tenure_years', '>=', 10))).resolves.toEqual(['motorOnly']);
    await expect(selected(condition('value_tier', 'in', ['gold', 'silver']))).resolves.toEqual(['motorAndHome', 'motorOnly']);
    await expect(selected(condition('city', '=', '苏州'))).resolves.toEqual(['homeOnly']);
    await expect(selected(condition('org_unit', 'in_subtree', org.cityA))).resolves.toEqual(['motorAndHome', 'motorOnly', 'renewing']);
    await expect(selected(condition('consent', 'is', false, { channel: 'phone' }))).resolves.toEqual(['noPolicies']);
    await expect(selected(condition('do_not_contact', 'is', true))).resolves.toEqual(['noPolicies']);
  });

  it('combines conditions with all / any / not, unknown values counting as no match', async () => {
    await expect(selected(any(condition('gender', '=', 'F'), condition('city', '=', '苏州')))).resolves.toEqual(['homeOnly', 'renewing']);
    await expect(selected(not(condition('age', '>=', 60)))).resolves.toEqual(['homeOnly', 'motorOnly', 'noPolicies', 'renewing']);
    await expect(selected(all(
      condition('holds_line', 'has', 'motor_commercial'),
      not(condition('holds_line', 'has', 'home'), condition('claims_count', '>=', 1, { months: 12 })),
    ))).resolves.toEqual(['motorOnly']);
  });

  it('restricts a county user to the county: counts, sample and breakdown', async () => {
    const preview = await service.preview(countyA1, condition('holds_line', 'has', 'motor_commercial'));
    expect(preview.count).toBe(2);
    expect(preview.sample.map((m) => m.id).sort()).toEqual([Number(c.motorOnly), Number(c.motorAndHome)].sort());
    expect(preview.byOrgUnit).toEqual([{ orgUnitId: org.countyA1, orgUnitName: '江宁支公司', orgUnitNameEn: null, count: 2 }]);
    expect(preview.byTier).toEqual([
      { tier: 'gold', count: 1 }, { tier: 'silver', count: 1 }, { tier: 'ordinary', count: 0 }, { tier: 'do_not_serve', count: 0 }, { tier: 'unscored', count: 0 },
    ]);
  });

  it('breaks a province preview down by city and masks the sample mobiles', async () => {
    const preview = await service.preview(province, condition('do_not_contact', 'is', false));
    expect(preview.count).toBe(4);
    expect(preview.byOrgUnit).toEqual([
      { orgUnitId: org.cityA, orgUnitName: '南京分公司', orgUnitNameEn: null, count: 3 },
      { orgUnitId: org.cityB, orgUnitName: '苏州分公司', orgUnitNameEn: null, count: 1 },
    ]);
    expect(preview.sample[0].mobile).toMatch(/^138\*{4}\d{4}$/);
    expect(preview.elapsedMs).toBeGreaterThanOrEqual(0);
  });

  it('adds static members by customer number, reporting unknown numbers and numbers outside the scope', async () => {
    const county = await scopeOf(org.countyB1);
    const segment = await service.create(county, managerId, { name: 'VIP list', kind: 'static' });
    const [{ customer_no: homeOnlyNo }] = await db.query('SELECT customer_no FROM customers WHERE id = $1', [c.homeOnly]);
    const [{ customer_no: outsideNo }] = await db.query('SELECT customer_no FROM customers WHERE id = $1', [c.motorOnly]);
    await expect(service.addMembers(county, segment.id, [homeOnlyNo, 'NOPE-1', outsideNo])).resolves.toEqual({
      added: 1, alreadyMembers: 0, unknown: ['NOPE-1', outsideNo].sort(),
    });
    await expect(service.addMembers(county, segment.id, [homeOnlyNo])).resolves.toEqual({ added: 0, alreadyMembers: 1, unknown: [] });
    const members = await service.members(county, segment.id, { page: 1, pageSize: 20 });
    expect(members.total).toBe(1);
    expect(members.items[0]).toMatchObject({ id: Number(c.homeOnly), customerNo: homeOnlyNo, orgUnitName: '昆山支公司' });
    await expect(service.removeMembers(county, segment.id, [homeOnlyNo, 'NOPE-1'])).resolves.toEqual({ removed: 1, notMembers: ['NOPE-1'] });
    await expect(service.members(county, segment.id, { page: 1, pageSize: 20 })).resolves.toMatchObject({ total: 0 });
  });

  it('freezes members in a snapshot that later changes do not affect', async () => {
    const segment = await service.create(province, managerId, {
      name: 'Motor without home', kind: 'dynamic', rule: all(condition('holds_line', 'has', 'motor_commercial'), condition('holds_line', 'lacks', 'home')),
    });
    const snapshot = await service.snapshot(province, segment.id, managerId);
    expect(snapshot).toMatchObject({ segmentId: segment.id, memberCount: 2, rule: segment.rule });

    const newcomer = await createCustomer(db, org.countyA2);
    await createPolicy(db, newcomer, 'SYX');
    await expect(service.previewSegment(province, segment.id)).resolves.toMatchObject({ count: 3 });

    const frozen = await service.snapshotMembers(province, snapshot.id, { page: 1, pageSize: 20 });
    expect(frozen.items.map((m) => m.id).sort()).toEqual([Number(c.motorOnly), Number(c.renewing)].sort());
    const listed = await service.snapshotsOf(province, segment.id);
    expect(listed).toEqual([expect.objectContaining({ id: snapshot.id, memberCount: 2 })]);
    await expect(service.snapshotsOf(countyA1, segment.id)).resolves.toEqual([expect.objectContaining({ id: snapshot.id, memberCount: 1 })]);
    await db.query('DELETE FROM policies WHERE customer_id = $1', [newcomer]);
    await db.query('DELETE FROM customers WHERE id = $1', [newcomer]);
  });

  it('counts the overlap of segments: each segment and each intersection', async () => {
    const motor = await service.create(province, managerId, { name: 'Motor', kind: 'dynamic', rule: condition('holds_line', 'has', 'motor_commercial') });
    const cityA = await service.create(province, managerId, { name: 'City A', kind: 'dynamic', rule: condition('org_unit', 'in_subtree', org.cityA) });
    const home = await service.create(province, managerId, { name: 'Home', kind: 'dynamic', rule: condition('holds_line', 'has', 'home') });
    const overlap = await service.overlap(province, [motor.id, cityA.id, home.id]);
    expect(overlap.segments).toEqual([
      { id: motor.id, name: 'Motor', count: 3 }, { id: cityA.id, name: 'City A', count: 3 }, { id: home.id, name: 'Home', count: 2 },
    ]);
    expect(overlap.intersections).toEqual([
      { segmentIds: [motor.id, cityA.id], count: 3 },
      { segmentIds: [motor.id, home.id], count: 1 },
      { segmentIds: [cityA.id, home.id], count: 1 },
      { segmentIds: [motor.id, cityA.id, home.id], count: 1 },
    ]);
  });

  it('lets a branch read a province segment but not change it, and hides a sibling branch segment', async () => {
    const provincial = await service.create(province, managerId, { name: 'Provincial', kind: 'dynamic', rule: condition('gender', '=', 'F') });
    const countyB1 = await scopeOf(org.countyB1);
    const sibling = await service.create(countyB1, managerId, { name: 'Kunshan only', kind: 'dynamic', rule: condition('gender', '=', 'M') });
    await expect(service.get(countyA1, provincial.id)).resolves.toMatchObject({ name: 'Provincial', ownerOrgUnitId: org.province });
    await expect(service.update(countyA1, provincial.id, { name: 'Mine now' })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(service.get(countyA1, sibling.id)).rejects.toBeInstanceOf(NotFoundError);
    const listed = await service.list(countyA1, { page: 1, pageSize: 100 });
    expect(listed.items.map((s) => s.name)).toContain('Provincial');
    expect(listed.items.map((s) => s.name)).not.toContain('Kunshan only');
  });

  it('refuses a dynamic segment without a valid rule, pointing at the node', async () => {
    await expect(service.create(province, managerId, { name: 'x', kind: 'dynamic' })).rejects.toBeInstanceOf(ValidationError);
    await expect(service.create(province, managerId, { name: 'x', kind: 'dynamic', rule: all(condition('age', '>', 'old')) }))
      .rejects.toMatchObject({ details: [{ field: 'rule.children[0].value', code: 'not_whole_number_in_range', params: { min: 0, max: 150 } }] });
  });
});
