import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { OrgScope } from '@lib/auth';
import { CampaignLaunchService } from '@lib/dispatch';
import { addContact, addConversion, addEvent, addMember, AnalyticsCampaign, analyticsCampaign } from '../../test/support/analytics-campaign';
import { createCustomer, createFixtureOrg, createProducts, createUser, FixtureOrg, resetState, scopeOf } from '../../test/support/fixtures';
import { call, loginNewUser, startApi } from '../../test/support/test-app';
import { CampaignAnalyticsService } from './campaign-analytics.service';
import type { RoiRow } from './campaign-roi.view';
import { CampaignRollups } from './campaign-rollups';
import { CustomerDrillDown } from './customer-drill-down.service';

/**
 * A campaign of two overlapping include segments (the gold customers by rule, and a
 * static list) less an exclude list, over Nanjing's two counties and Suzhou's one,
 * launched for real; then contacts made, clicked, answered and converted, and control
 * members converting. Every segment line must be what hand-written SQL counts over the
 * raw tables with each segment's own definition.
 */
describe('The breakdown by segment', () => {
  let app: NestFastifyApplication;
  let db: DataSource;
  let org: FixtureOrg;
  let analytics: CampaignAnalyticsService;
  let drillDown: CustomerDrillDown;
  let campaignId: number;
  let gold: number;
  let listed: number;
  let excluded: number;
  let earlier: AnalyticsCampaign;

  const at = (day: number, time = '10:00') => `2027-03-${String(day).padStart(2, '0')}T${time}:00+08:00`;

  /** Is the customer `c.id` in the segment, by the segment's own definition (neither changes after the launch)? */
  const definition = (segmentId: number) =>
    segmentId === gold ? `(SELECT value_tier FROM customers WHERE id = c.id) = 'gold'` : `EXISTS (SELECT 1 FROM segment_members sm WHERE sm.segment_id = ${listed} AND sm.customer_id = c.id)`;

  /** A segment line counted by hand from launch_members, contacts, contact_events and campaign_conversions, within the units `units`. */
  async function handCounted(segmentId: number, units: number[]) {
    const [row] = await db.query(
      `WITH c AS (SELECT m.customer_id AS id, m.org_unit_id, m.control FROM launch_members m JOIN campaign_launches l ON l.id = m.launch_id WHERE l.campaign_id = $1),
            inside AS (SELECT * FROM c WHERE ${definition(segmentId)})
       SELECT
         (SELECT count(*) FROM inside WHERE NOT control AND org_unit_id = ANY($2))::int AS treatment_members,
         (SELECT count(*) FROM inside WHERE control AND org_unit_id = ANY($2))::int AS control_members,
         (SELECT count(*) FROM inside i WHERE NOT control AND org_unit_id = ANY($2) AND EXISTS (
            SELECT 1 FROM contact_events e WHERE e.campaign_id = $1 AND e.customer_id = i.id AND e.event_type IN ('clicked', 'responded')))::int AS responders,
         (SELECT count(*) FROM inside i WHERE NOT control AND org_unit_id = ANY($2) AND EXISTS (
            SELECT 1 FROM campaign_conversions cv WHERE cv.campaign_id = $1 AND cv.customer_id = i.id))::int AS treatment_converters,
         (SELECT count(*) FROM inside i WHERE control AND org_unit_id = ANY($2) AND EXISTS (
            SELECT 1 FROM campaign_conversions cv WHERE cv.campaign_id = $1 AND cv.customer_id = i.id))::int AS control_converters,
         (SELECT count(*) FROM contacts k JOIN inside i ON i.id = k.customer_id
           WHERE k.campaign_id = $1 AND k.org_unit_id = ANY($2)
             AND k.status NOT IN ('planned', 'queued', 'sending', 'failed', 'skipped', 'dead', 'cancelled'))::int AS contacts,
         (SELECT count(*) FROM contacts k JOIN inside i ON i.id = k.customer_id
           WHERE k.campaign_id = $1 AND k.org_unit_id = ANY($2)
             AND k.status IN ('sent', 'delivered', 'opened', 'clicked', 'connected', 'visited'))::int AS delivered,
         (SELECT count(*) FROM contacts k JOIN inside i ON i.id = k.customer_id
           WHERE k.campaign_id = $1 AND k.org_unit_id = ANY($2)
             AND EXISTS (SELECT 1 FROM contact_events e WHERE e.contact_id = k.id AND e.event_type IN ('clicked', 'responded')))::int AS responses,
         (SELECT count(*) FROM campaign_conversions cv JOIN inside i ON i.id = cv.customer_id
           WHERE cv.campaign_id = $1 AND NOT cv.control AND cv.org_unit_id = ANY($2))::int AS conversions,
         (SELECT coalesce(sum(cv.premium), 0)::numeric(16,2)::text FROM campaign_conversions cv JOIN inside i ON i.id = cv.customer_id
           WHERE cv.campaign_id = $1 AND NOT cv.control AND cv.org_unit_id = ANY($2)) AS premium`,
      [campaignId, units],
    );
    return row;
  }

  /** The same figures as the API answered them. */
  function answered(line: RoiRow) {
    return {
      treatment_members: line.treatment?.members,
      control_members: line.control?.members,
      responders: line.treatment?.responders,
      treatment_converters: line.treatment?.converters,
      control_converters: line.control?.converters,
      contacts: line.figures.contacts,
      delivered: line.figures.delivered,
      responses: line.figures.responses,
      conversions: line.figures.conversions,
      premium: line.figures.premiumWritten,
    };
  }

  async function unitsOf(scope: OrgScope): Promise<number[]> {
    const rows: { id: number }[] = await db.query(`SELECT id FROM org_units WHERE path LIKE $1`, [scope.pathPattern]);
    return rows.map((row) => row.id);
  }

  beforeAll(async () => {
    app = await startApi();
    db = await resetState(app);
    org = await createFixtureOrg(db);
    await createProducts(db);
    analytics = app.get(CampaignAnalyticsService);
    drillDown = app.get(CustomerDrillDown);
    await db.query(`SELECT create_contact_event_partitions('2027-03-01T00:00:00Z', 2)`);
    const plannerId = await createUser(db, 'segments.planner', org.province, ['campaign_manager']);

    // 30 customers: every other one gold, every third one on the list (so some are both), two listed gold ones excluded.
    const customers: number[] = [];
    const units = [org.countyA1, org.countyA2, org.countyB1];
    for (let i = 0; i < 30; i += 1) customers.push(await createCustomer(db, units[i % 3], { value_tier: i % 2 === 0 ? 'gold' : 'silver' }));
    // Outside both include segments: never in the audience.
    await createCustomer(db, org.countyA1, { value_tier: 'silver' });
    const segment = async (name: string, kind: 'dynamic' | 'static', rule: unknown) => {
      const [row] = await db.query(
        `INSERT INTO segments (name, kind, rule, owner_org_unit_id, created_by) VALUES ($1, $2, $3::jsonb, $4, $5) RETURNING id`,
        [name, kind, rule ? JSON.stringify(rule) : null, org.province, plannerId],
      );
      return row.id as number;
    };
    gold = await segment('金卡客户', 'dynamic', { type: 'condition', field: 'value_tier', operator: '=', value: 'gold' });
    listed = await segment('续保名单', 'static', null);
    excluded = await segment('投诉客户', 'static', null);
    await db.query(`INSERT INTO segment_members (segment_id, customer_id) SELECT $1, unnest($2::bigint[])`, [listed, customers.filter((_, i) => i % 3 === 0)]);
    await db.query(`INSERT INTO segment_members (segment_id, customer_id) SELECT $1, unnest($2::bigint[])`, [excluded, [customers[0], customers[6]]]);

    const [campaign] = await db.query(
      `INSERT INTO campaigns (status, owner_id, owning_org_unit_id) VALUES ('scheduled', $1, $2) RETURNING id`,
      [plannerId, org.province],
    );
    campaignId = campaign.id;
    const [revision] = await db.query(
      `INSERT INTO campaign_revisions (campaign_id, number, status, name, objective, start_date, end_date, include_segment_ids, exclude_segment_ids,
                                       control_share_pct, budget, branch_ids, created_by)
       VALUES ($1, 1, 'approved', '家财险交叉销售', 'cross_sell', '2027-03-01', '2027-03-31', $2, $3, 25, 10000, $4, $5) RETURNING id`,
      [campaignId, [listed, gold], [excluded], [org.cityA, org.cityB], plannerId],
    );
    await db.query('UPDATE campaigns SET approved_revision_id = $2 WHERE id = $1', [campaignId, revision.id]);
    await db.query(
      `INSERT INTO campaign_steps (revision_id, position, channel, template_ref, start_offset_days, window_start, window_end, cost_per_contact, daily_capacity, branch_ids)
       VALUES ($1, 1, 'email', 'home-offer', 0, '10:00', '18:00', 0.10, 1000, '{}'),
              ($1, 2, 'phone', 'call-script-home', 7, '10:00', '18:00', 3.50, 100, $2)`,
      [revision.id, [org.cityA]],
    );
    await expect(app.get(CampaignLaunchService).launch(campaignId, { seed: 7 })).resolves.toMatchObject({ launched: true });

    // Outcomes: emails in a cycle of statuses, a click on every third made one, calls answered and interested, policies bought.
    const [launch] = await db.query(`SELECT id FROM campaign_launches WHERE campaign_id = $1`, [campaignId]);
    const asLaunched = { campaignId, launchId: launch.id } as AnalyticsCampaign;
    const contacts: { id: string; customer_id: string; channel: string }[] = await db.query(
      `SELECT id, customer_id, channel FROM contacts WHERE campaign_id = $1 ORDER BY id`,
      [campaignId],
    );
    const emailStatuses = ['sent', 'delivered', 'clicked', 'bounced', 'planned', 'opened'];
    for (const [i, contact] of contacts.entries()) {
      const status = contact.channel === 'email' ? emailStatuses[i % emailStatuses.length] : i % 2 ? 'connected' : 'called';
      await db.query(`UPDATE contacts SET status = $2::text, sent_at = CASE WHEN $2::text = 'planned' THEN NULL ELSE contacted_at END WHERE id = $1`, [contact.id, status]);
      if (status === 'clicked') await addEvent(db, Number(contact.id), 'clicked', at(3));
      if (status === 'connected' && i % 4 === 1) {
        await addEvent(db, Number(contact.id), 'responded', at(9));
        await addConversion(db, asLaunched, Number(contact.customer_id), { productCode: 'JCX', premium: `${900 + i}.50`, startDate: '2027-03-12', contactId: Number(contact.id) });
      }
    }
    const control: { customer_id: string }[] = await db.query(
      `SELECT customer_id FROM launch_members WHERE launch_id = $1 AND control ORDER BY customer_id`,
      [launch.id],
    );
    for (const member of control.filter((_, i) => i % 2 === 0)) {
      await addConversion(db, asLaunched, Number(member.customer_id), { productCode: 'JCX', premium: '700.00', startDate: '2027-03-15' });
    }

    // A campaign launched before the launch recorded segments.
    earlier = await analyticsCampaign(db, org, plannerId, { name: '早先的活动' });
    const member = await addMember(db, earlier, { orgUnitId: org.countyA1 });
    await addContact(db, earlier, member, { step: 'email', status: 'clicked', at: '2026-03-02T10:00:00+08:00' });
    await db.query(`UPDATE campaign_revisions SET include_segment_ids = $2 WHERE id = $1`, [earlier.revisionId, [gold]]);

    await app.get(CampaignRollups).refresh();
  });

  afterAll(async () => {
    await app.close();
  });

  it('records at launch the include segments each member matched, in the plan’s order, for treatment and control', async () => {
    const wrong = await db.query(
      `SELECT m.customer_id, m.segment_ids, ARRAY(SELECT s FROM unnest($2::int[]) s WHERE
                CASE WHEN s = $3 THEN ${definition(gold)} ELSE ${definition(listed)} END) AS expected
         FROM launch_members m JOIN campaign_launches l ON l.id = m.launch_id CROSS JOIN LATERAL (SELECT m.customer_id AS id) c
        WHERE l.campaign_id = $1 AND m.segment_ids IS DISTINCT FROM ARRAY(SELECT s FROM unnest($2::int[]) s WHERE
                CASE WHEN s = $3 THEN ${definition(gold)} ELSE ${definition(listed)} END)`,
      [campaignId, [listed, gold], gold],
    );
    expect(wrong).toEqual([]);
    const [counts] = await db.query(
      `SELECT count(*)::int AS members, count(*) FILTER (WHERE cardinality(m.segment_ids) = 2)::int AS in_both, count(*) FILTER (WHERE m.control)::int AS control,
              bool_and(l.segments_recorded) AS recorded
         FROM launch_members m JOIN campaign_launches l ON l.id = m.launch_id WHERE l.campaign_id = $1`,
      [campaignId],
    );
    // Gold 15 + listed 10 − both 5 − the 2 excluded (both gold and listed) = 18.
    expect(counts).toMatchObject({ members: 18, in_both: 3, recorded: true });
    expect(counts.control).toBeGreaterThan(0);
  });

  it('gives each include segment the figures hand-written SQL counts, a member of both counting in both', async () => {
    const province = await scopeOf(db, org.province);
    const answer = await analytics.breakdown(province, campaignId, 'segment');
    expect(answer.segmentsRecorded).toBe(true);
    expect(answer.rows.map((row) => [row.key, row.label])).toEqual([
      [String(listed), '续保名单'],
      [String(gold), '金卡客户'],
    ]);
    const units = await unitsOf(province);
    for (const line of answer.rows) expect({ segment: line.key, ...answered(line) }).toEqual({ segment: line.key, ...(await handCounted(Number(line.key), units)) });
    // Not all zeros, and the overlap shows: the lines hold more members than the campaign.
    const [listedLine, goldLine] = answer.rows;
    expect(goldLine.figures.contacts).toBeGreaterThan(0);
    expect(goldLine.figures.responses + listedLine.figures.responses).toBeGreaterThan(0);
    expect(goldLine.figures.conversions + listedLine.figures.conversions).toBeGreaterThan(0);
    const whole = await analytics.campaign(province, campaignId);
    const members = (line: RoiRow) => (line.treatment?.members ?? 0) + (line.control?.members ?? 0);
    expect(members(goldLine) + members(listedLine)).toBe(whole.treatment.members + whole.control.members + 3);
    // Spend is not kept by segment; the groups carry their lift.
    expect(goldLine.figures.spend).toBeNull();
    expect(goldLine.lift?.conversion).toBeDefined();
  });

  it('limits the segment lines to the reader’s branches', async () => {
    for (const unit of [org.cityB, org.countyA2]) {
      const scope = await scopeOf(db, unit);
      const answer = await analytics.breakdown(scope, campaignId, 'segment');
      const units = await unitsOf(scope);
      expect(answer.rows).toHaveLength(2);
      for (const line of answer.rows) expect({ segment: line.key, ...answered(line) }).toEqual({ segment: line.key, ...(await handCounted(Number(line.key), units)) });
    }
  });

  it('lists the customers behind a segment line, by the same count', async () => {
    const province = await scopeOf(db, org.province);
    for (const segmentId of [gold, listed]) {
      const hand = await handCounted(segmentId, await unitsOf(province));
      const members = await drillDown.list(province, campaignId, { kind: 'members', segment: segmentId }, 1, 100);
      expect(members.total).toBe(hand.treatment_members);
      const control = await drillDown.list(province, campaignId, { kind: 'members', group: 'control', segment: segmentId }, 1, 100);
      expect(control.total).toBe(hand.control_members);
      const contacts = await drillDown.list(province, campaignId, { kind: 'contacts', segment: segmentId }, 1, 100);
      expect(contacts.total).toBe(hand.contacts);
      const responders = await drillDown.list(province, campaignId, { kind: 'responders', segment: segmentId }, 1, 100);
      expect(responders.total).toBe(hand.responses);
      const converters = await drillDown.list(province, campaignId, { kind: 'converters', segment: segmentId }, 1, 100);
      expect(converters.total).toBe(hand.conversions);
    }
  });

  it('says so for a campaign launched before segments were recorded, rather than show figures it does not have', async () => {
    const answer = await analytics.breakdown(await scopeOf(db, org.province), earlier.campaignId, 'segment');
    expect(answer).toMatchObject({ segmentsRecorded: false, rows: [] });
    const byTier = await analytics.breakdown(await scopeOf(db, org.province), earlier.campaignId, 'value_tier');
    expect(byTier.segmentsRecorded).toBeNull();
    expect(byTier.rows.length).toBeGreaterThan(0);
  });

  it('refuses a segment filter the campaign cannot answer, naming the field', async () => {
    const token = await loginNewUser(app, 'segments.reader', org.province, ['analyst']);
    const before = await call(app, 'GET', `/api/analytics/campaigns/${earlier.campaignId}/customers?kind=members&segment=${gold}`, {
      token, headers: { 'accept-language': 'en' },
    });
    expect(before.status).toBe(400);
    expect(before.body.details).toEqual([expect.objectContaining({ field: 'segment', code: 'launch_segments_not_recorded' })]);
    const notIncluded = await call(app, 'GET', `/api/analytics/campaigns/${campaignId}/customers?kind=members&segment=${excluded}`, { token });
    expect(notIncluded.status).toBe(400);
    expect(notIncluded.body.details).toEqual([expect.objectContaining({ field: 'segment', code: 'segment_not_in_campaign', params: { id: excluded } })]);
    const listedOnly = await call(app, 'GET', `/api/analytics/campaigns/${campaignId}/customers?kind=members&segment=${listed}`, { token });
    expect(listedOnly.status).toBe(200);
  });
});
