import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { PlatformModule } from '@lib/platform';
import { createFixtureOrg, createProducts, createUser, FixtureOrg, resetState, scopeOf } from '../../test/support/fixtures';
import { addContact, addConversion, addEvent, addMember, addSpend, AnalyticsCampaign, analyticsCampaign } from '../../test/support/analytics-campaign';
import { AnalyticsModule } from './analytics.module';
import { CampaignAnalyticsService } from './campaign-analytics.service';
import { CampaignRollups } from './campaign-rollups';

/**
 * One campaign over three county branches (A1 and A2 under city A, B1 under city B),
 * an email and a call step, treatment and control, events across days:
 *
 *   member  unit tier    email (events)                       call (events)              conversion
 *   t1      A1   gold    clicked (opened, clicked 3rd and 5th) connected (responded 9th)   JCX 1000.00 on the email, 10th
 *   t2      A1   silver  bounced                               called, no answer
 *   t3      A1   gold    opened                                planned
 *   t4      A2   silver  clicked (00:30 local on the 3rd)
 *   t5      A2   —       failed                                                           JCX 800.00 not reached, 15th
 *   t6      B1   gold    sent                                  connected (responded 11th) YWX 500.50 on the call, 12th
 *   t7      B1   gold    skipped
 *   k1 A1, k2 A2, k3 B1: control; k1 JCX 1200.00 (12th), k3 YWX 300.00 (20th)
 *
 * Made: 8 contacts (not t3's call, t5's or t7's email); delivered 6 (not the bounce or
 * the unanswered call); responses 4 (t1 twice, t4, t6); premium 2300.50; margin at the
 * default rates (home 30 %, accident 40 %) 300 + 240 + 200.20 = 740.20. Spend: automatic
 * 11.20, manual 100.00 in A1 and 50.00 in B1 reversed.
 */
describe(CampaignRollups.name, () => {
  let app: INestApplicationContext;
  let db: DataSource;
  let rollups: CampaignRollups;
  let analytics: CampaignAnalyticsService;
  let org: FixtureOrg;
  let campaign: AnalyticsCampaign;
  let other: AnalyticsCampaign;
  const ids: Record<string, number> = {};

  const at = (day: number, time = '10:00') => `2026-03-${String(day).padStart(2, '0')}T${time}:00+08:00`;

  /** The rollups of a campaign, every row, in a fixed order. */
  async function rollupRows(campaignId: number) {
    return Promise.all([
      db.query(`SELECT * FROM campaign_contact_rollups WHERE campaign_id = $1 ORDER BY day, step_id, channel, org_unit_id, value_tier, control`, [campaignId]),
      db.query(`SELECT * FROM campaign_member_rollups WHERE campaign_id = $1 ORDER BY org_unit_id, value_tier, control`, [campaignId]),
      db.query(`SELECT * FROM campaign_spend_rollups WHERE campaign_id = $1 ORDER BY day, branch_id, channel, step_id`, [campaignId]),
    ]);
  }

  /** Makes the rows written just now look old (spend lines and launches carry March's times), so that only what a test adds next is new to a refresh. */
  async function ageSources(): Promise<void> {
    await db.query(`UPDATE contact_events SET recorded_at = recorded_at - interval '1 hour'`);
    await db.query(`UPDATE campaign_conversions SET attributed_at = attributed_at - interval '1 hour'`);
    await db.query(`UPDATE budget_lines SET created_at = created_at - interval '1 hour' WHERE created_at > now() - interval '1 day'`);
    await db.query(`UPDATE campaigns SET updated_at = updated_at - interval '1 hour'`);
    await db.query(`UPDATE analytics_refresh_state SET fresh_at = now() - interval '30 minutes'`);
  }

  beforeAll(async () => {
    app = await (await Test.createTestingModule({ imports: [PlatformModule, AnalyticsModule] }).compile()).init();
    db = await resetState(app);
    rollups = app.get(CampaignRollups);
    analytics = app.get(CampaignAnalyticsService);
    org = await createFixtureOrg(db);
    await createProducts(db);
    const plannerId = await createUser(db, 'planner', org.province, ['campaign_manager']);
    campaign = await analyticsCampaign(db, org, plannerId);
    other = await analyticsCampaign(db, org, plannerId, { name: '另一个活动' });

    const members: [string, number, string | null, boolean][] = [
      ['t1', org.countyA1, 'gold', false], ['t2', org.countyA1, 'silver', false], ['t3', org.countyA1, 'gold', false],
      ['t4', org.countyA2, 'silver', false], ['t5', org.countyA2, null, false], ['t6', org.countyB1, 'gold', false],
      ['t7', org.countyB1, 'gold', false], ['k1', org.countyA1, 'gold', true], ['k2', org.countyA2, 'silver', true],
      ['k3', org.countyB1, 'gold', true],
    ];
    for (const [name, orgUnitId, valueTier, control] of members) ids[name] = await addMember(db, campaign, { orgUnitId, valueTier, control });

    const t1Email = await addContact(db, campaign, ids.t1, { step: 'email', status: 'clicked', at: at(2) });
    await addEvent(db, t1Email, 'sent', at(2));
    await addEvent(db, t1Email, 'opened', at(2, '12:00'));
    await addEvent(db, t1Email, 'clicked', at(3, '09:00'));
    await addEvent(db, t1Email, 'clicked', at(5));
    const t1Call = await addContact(db, campaign, ids.t1, { step: 'phone', status: 'connected', at: at(9) });
    await addEvent(db, t1Call, 'called', at(9));
    await addEvent(db, t1Call, 'connected', at(9));
    await addEvent(db, t1Call, 'responded', at(9));
    await addEvent(db, await addContact(db, campaign, ids.t2, { step: 'email', status: 'bounced', at: at(2) }), 'bounced', at(2));
    await addEvent(db, await addContact(db, campaign, ids.t2, { step: 'phone', status: 'called', at: at(9) }), 'called', at(9));
    const t3Email = await addContact(db, campaign, ids.t3, { step: 'email', status: 'opened', at: at(3) });
    await addEvent(db, t3Email, 'opened', at(3));
    await addContact(db, campaign, ids.t3, { step: 'phone', status: 'planned', at: at(10) });
    ids.t4Email = await addContact(db, campaign, ids.t4, { step: 'email', status: 'clicked', at: at(2) });
    await addEvent(db, ids.t4Email, 'clicked', at(3, '00:30'));
    await addContact(db, campaign, ids.t5, { step: 'email', status: 'failed', at: at(2) });
    ids.t6Email = await addContact(db, campaign, ids.t6, { step: 'email', status: 'sent', at: at(4) });
    ids.t6Call = await addContact(db, campaign, ids.t6, { step: 'phone', status: 'connected', at: at(11) });
    await addEvent(db, ids.t6Call, 'responded', at(11));
    await addContact(db, campaign, ids.t7, { step: 'email', status: 'skipped', at: at(4) });

    await addConversion(db, campaign, ids.t1, { productCode: 'JCX', premium: '1000.00', startDate: '2026-03-10', contactId: t1Email });
    ids.t6Policy = await addConversion(db, campaign, ids.t6, { productCode: 'YWX', premium: '500.50', startDate: '2026-03-12', contactId: ids.t6Call });
    await addConversion(db, campaign, ids.t5, { productCode: 'JCX', premium: '800.00', startDate: '2026-03-15' });
    await addConversion(db, campaign, ids.k1, { productCode: 'JCX', premium: '1200.00', startDate: '2026-03-12' });
    await addConversion(db, campaign, ids.k3, { productCode: 'YWX', premium: '300.00', startDate: '2026-03-20' });

    await addSpend(db, campaign, { branchId: org.countyA1, amount: '0.30', channel: 'email', at: at(2) });
    await addSpend(db, campaign, { branchId: org.countyA1, amount: '7.00', channel: 'phone', at: at(9) });
    await addSpend(db, campaign, { branchId: org.countyA2, amount: '0.20', channel: 'email', at: at(2) });
    await addSpend(db, campaign, { branchId: org.countyB1, amount: '0.20', channel: 'email', at: at(4) });
    await addSpend(db, campaign, { branchId: org.countyB1, amount: '3.50', channel: 'phone', at: at(11) });
    await addSpend(db, campaign, { branchId: org.countyA1, amount: '100.00', manualOn: '2026-03-05' });
    const wrong = await addSpend(db, campaign, { branchId: org.countyB1, amount: '50.00', manualOn: '2026-03-06' });
    await addSpend(db, campaign, { branchId: org.countyB1, amount: '-50.00', reverses: wrong, at: at(8) });

    // The other campaign: one member, one contact, so that a refresh has something to leave alone.
    const o1 = await addMember(db, other, { orgUnitId: org.countyB1 });
    await addEvent(db, await addContact(db, other, o1, { step: 'email', status: 'sent', at: at(2) }), 'sent', at(2));
  });

  afterAll(async () => {
    await app.close();
  });

  it('computes every launched campaign on its first refresh', async () => {
    await expect(rollups.refresh()).resolves.toMatchObject({ campaigns: 2 });
    await expect(rollups.freshAt()).resolves.toBeInstanceOf(Date);
  });

  it('holds the contacts, delivered and responses of the raw tables per day, branch and channel, in local days', async () => {
    const fromRollups = await db.query(
      `SELECT day::text, org_unit_id, channel, sum(contacts)::int AS contacts, sum(delivered)::int AS delivered, sum(responses)::int AS responses
         FROM campaign_contact_rollups WHERE campaign_id = $1 AND NOT control
        GROUP BY 1, 2, 3 HAVING sum(contacts) + sum(delivered) + sum(responses) > 0 ORDER BY 1, 2, 3`,
      [campaign.campaignId],
    );
    // docs/figures.md written out by hand: the statuses that count, each contact's first click or response.
    const fromRaw = await db.query(
      `WITH made AS (
         SELECT (coalesce(sent_at, contacted_at) AT TIME ZONE 'Asia/Shanghai')::date::text AS day, org_unit_id, channel,
                count(*) FILTER (WHERE status IN ('sent','delivered','opened','clicked','called','connected','visited','bounced'))::int AS contacts,
                count(*) FILTER (WHERE status IN ('sent','delivered','opened','clicked','connected','visited'))::int AS delivered
           FROM contacts WHERE campaign_id = $1 GROUP BY 1, 2, 3),
       answered AS (
         SELECT (first_at AT TIME ZONE 'Asia/Shanghai')::date::text AS day, org_unit_id, channel, count(*)::int AS responses
           FROM (SELECT k.org_unit_id, k.channel,
                        (SELECT min(e.occurred_at) FROM contact_events e WHERE e.contact_id = k.id AND e.event_type IN ('clicked', 'responded')) AS first_at
                   FROM contacts k WHERE k.campaign_id = $1) f
          WHERE first_at IS NOT NULL GROUP BY 1, 2, 3)
       SELECT day, org_unit_id, channel, coalesce(m.contacts, 0) AS contacts, coalesce(m.delivered, 0) AS delivered, coalesce(a.responses, 0) AS responses
         FROM made m FULL JOIN answered a USING (day, org_unit_id, channel)
        WHERE coalesce(m.contacts, 0) + coalesce(m.delivered, 0) + coalesce(a.responses, 0) > 0
        ORDER BY 1, 2, 3`,
      [campaign.campaignId],
    );
    expect(fromRollups).toEqual(fromRaw);
    // t4's click at 00:30 on the 3rd local time is still the 2nd in UTC: it belongs to the 3rd.
    expect(fromRollups).toContainEqual({ day: '2026-03-03', org_unit_id: org.countyA2, channel: 'email', contacts: 0, delivered: 0, responses: 1 });
    const [totals] = await db.query(
      `SELECT sum(contacts)::int AS contacts, sum(delivered)::int AS delivered, sum(responses)::int AS responses, sum(targeted)::int AS targeted
         FROM campaign_contact_rollups WHERE campaign_id = $1`,
      [campaign.campaignId],
    );
    expect(totals).toEqual({ contacts: 8, delivered: 6, responses: 4, targeted: 11 });
  });

  it('holds conversions, premium and margin of the raw tables per branch, channel and group', async () => {
    const fromRollups = await db.query(
      `SELECT org_unit_id, channel, control, sum(conversions)::int AS conversions, sum(premium)::text AS premium, sum(margin)::text AS margin
         FROM campaign_contact_rollups WHERE campaign_id = $1 AND conversions > 0 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      [campaign.campaignId],
    );
    const fromRaw = await db.query(
      `SELECT cv.org_unit_id, coalesce(cv.channel, '') AS channel, cv.control, count(*)::int AS conversions, sum(cv.premium)::text AS premium,
              sum(round(cv.premium * CASE p.line WHEN 'home' THEN 0.30 WHEN 'accident' THEN 0.40 END, 2))::text AS margin
         FROM campaign_conversions cv JOIN products p ON p.code = cv.product_code
        WHERE cv.campaign_id = $1 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      [campaign.campaignId],
    );
    expect(fromRollups).toEqual(fromRaw);
    expect(fromRollups).toContainEqual({ org_unit_id: org.countyB1, channel: 'phone', control: false, conversions: 1, premium: '500.50', margin: '200.20' });
  });

  it('holds the members as drawn with their responders and converters, per branch, tier and group', async () => {
    const fromRollups = await db.query(
      `SELECT org_unit_id, value_tier, control, members, responders, converters, conversions, premium::text
         FROM campaign_member_rollups WHERE campaign_id = $1 ORDER BY 1, 2, 3`,
      [campaign.campaignId],
    );
    const fromRaw = await db.query(
      `SELECT m.org_unit_id, coalesce(m.value_tier, '') AS value_tier, m.control, count(*)::int AS members,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM contact_events e JOIN contacts k ON k.id = e.contact_id
                                              WHERE k.campaign_id = $1 AND k.customer_id = m.customer_id AND e.event_type IN ('clicked', 'responded')))::int AS responders,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM campaign_conversions cv WHERE cv.campaign_id = $1 AND cv.customer_id = m.customer_id))::int AS converters,
              coalesce(sum((SELECT count(*) FROM campaign_conversions cv WHERE cv.campaign_id = $1 AND cv.customer_id = m.customer_id)), 0)::int AS conversions,
              coalesce(sum((SELECT sum(cv.premium) FROM campaign_conversions cv WHERE cv.campaign_id = $1 AND cv.customer_id = m.customer_id)), 0)::numeric(16,2)::text AS premium
         FROM launch_members m WHERE m.launch_id = $2 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      [campaign.campaignId, campaign.launchId],
    );
    expect(fromRollups).toEqual(fromRaw);
  });

  it('holds automatic and manual spend per branch and day, a reversal on its line’s day', async () => {
    const spend = await db.query(
      `SELECT day::text, branch_id, channel, automatic::text, manual::text FROM campaign_spend_rollups
        WHERE campaign_id = $1 ORDER BY 1, 2, 3`,
      [campaign.campaignId],
    );
    expect(spend).toEqual([
      { day: '2026-03-02', branch_id: org.countyA1, channel: 'email', automatic: '0.30', manual: '0.00' },
      { day: '2026-03-02', branch_id: org.countyA2, channel: 'email', automatic: '0.20', manual: '0.00' },
      { day: '2026-03-04', branch_id: org.countyB1, channel: 'email', automatic: '0.20', manual: '0.00' },
      { day: '2026-03-05', branch_id: org.countyA1, channel: '', automatic: '0.00', manual: '100.00' },
      { day: '2026-03-06', branch_id: org.countyB1, channel: '', automatic: '0.00', manual: '0.00' },
      { day: '2026-03-09', branch_id: org.countyA1, channel: 'phone', automatic: '7.00', manual: '0.00' },
      { day: '2026-03-11', branch_id: org.countyB1, channel: 'phone', automatic: '3.50', manual: '0.00' },
    ]);
  });

  it('answers the same rows when refreshed again, whole or in part', async () => {
    const before = await rollupRows(campaign.campaignId);
    await rollups.refresh();
    expect(await rollupRows(campaign.campaignId)).toEqual(before);
    await rollups.refresh({ everything: true });
    expect(await rollupRows(campaign.campaignId)).toEqual(before);
  });

  it('computes again only the campaign with new events, and counts a click recorded late', async () => {
    await ageSources();
    await expect(rollups.refresh()).resolves.toMatchObject({ campaigns: 0 });
    const [{ fresh_at: freshAt }] = await db.query(`SELECT fresh_at FROM analytics_refresh_state`);
    // A writer whose transaction began before the last refresh and committed after it: its recorded_at is earlier than fresh_at.
    await addEvent(db, ids.t6Email, 'clicked', at(6), new Date(freshAt.getTime() - 60_000).toISOString());
    await expect(rollups.refresh()).resolves.toMatchObject({ campaigns: 1 });
    const [row] = await db.query(
      `SELECT sum(responses)::int AS responses FROM campaign_contact_rollups WHERE campaign_id = $1 AND day = '2026-03-06'`,
      [campaign.campaignId],
    );
    expect(row.responses).toBe(1);
    const [sources] = await db.query(
      `SELECT (SELECT refreshed_at FROM campaign_rollup_sources WHERE campaign_id = $2) < (SELECT refreshed_at FROM campaign_rollup_sources WHERE campaign_id = $1) AS left_alone`,
      [campaign.campaignId, other.campaignId],
    );
    expect(sources.left_alone).toBe(true);
  });

  it('notices a conversion withdrawn from the campaign, which leaves no newer row behind', async () => {
    await ageSources();
    await db.query(`DELETE FROM campaign_conversions WHERE policy_id = $1`, [ids.t6Policy]);
    await expect(rollups.refresh()).resolves.toMatchObject({ campaigns: 1 });
    const [row] = await db.query(
      `SELECT sum(conversions)::int AS conversions, sum(premium)::text AS premium FROM campaign_contact_rollups WHERE campaign_id = $1 AND NOT control`,
      [campaign.campaignId],
    );
    expect(row).toEqual({ conversions: 2, premium: '1800.00' });
    await addConversion(db, campaign, ids.t6, { productCode: 'YWX', premium: '500.50', startDate: '2026-03-12', contactId: ids.t6Call });
    await rollups.refresh();
  });

  it('computes every campaign again after a margin rate changed', async () => {
    await ageSources();
    await db.query(`INSERT INTO margin_rates (product_line, rate_pct) VALUES ('home', 50)`);
    await expect(rollups.refresh()).resolves.toMatchObject({ campaigns: 2 });
    const [row] = await db.query(`SELECT sum(margin)::text AS margin FROM campaign_contact_rollups WHERE campaign_id = $1 AND NOT control`, [campaign.campaignId]);
    // Home at 50 %: 500 + 400, accident still 40 %: 200.20.
    expect(row.margin).toBe('1100.20');
    await db.query(`DELETE FROM margin_rates`);
    await rollups.refresh({ everything: true });
  });

  describe(CampaignAnalyticsService.name, () => {
    it('gives the province the whole campaign: figures, spend, margin, ROI, groups, lift', async () => {
      const roi = await analytics.campaign(await scopeOf(db, org.province), campaign.campaignId);
      expect(roi.figures).toEqual({
        contacts: 8, delivered: 6, responses: 5, conversions: 3, premiumWritten: '2300.50', margin: '740.20',
        spend: { automatic: '11.20', manual: '100.00', total: '111.20' },
        roi: (740.2 - 111.2) / 111.2,
        costPerResponse: '22.24',
        costPerConversion: '37.07',
      });
      expect(roi.treatment).toMatchObject({ members: 7, responders: 3, converters: 3, conversions: 3, premium: '2300.50' });
      expect(roi.control).toMatchObject({ members: 3, responders: 0, converters: 2, conversions: 2, premium: '1500.00' });
      expect(roi.lift.conversion.treatmentRate).toBeCloseTo(3 / 7);
      expect(roi.lift.conversion.controlRate).toBeCloseTo(2 / 3);
      expect(roi.lift.conversion.sampleRatio.plannedControlSharePct).toBe(20);
      expect(roi.budget).toBe('1000.00');
      expect(roi.funnels).toEqual([
        { channel: 'email', members: 7, contacts: 5, delivered: 4, responses: 3, conversions: 1 },
        { channel: 'phone', members: 4, contacts: 3, delivered: 2, responses: 2, conversions: 1 },
      ]);
      expect(roi.daily.find((day) => day.day === '2026-03-12')).toEqual({
        day: '2026-03-12', contacts: 0, delivered: 0, responses: 0, conversions: 1, premiumWritten: '500.50', spend: '0.00', controlConversions: 1,
      });
    });

    it('limits a county branch to its own figures, and a sibling county sees none of them', async () => {
      const a1 = await analytics.campaign(await scopeOf(db, org.countyA1), campaign.campaignId);
      expect(a1.figures).toMatchObject({ contacts: 5, delivered: 3, responses: 2, conversions: 1, premiumWritten: '1000.00', spend: { automatic: '7.30', manual: '100.00', total: '107.30' } });
      expect(a1.treatment.members).toBe(3);
      expect(a1.control.members).toBe(1);
      const a2 = await analytics.campaign(await scopeOf(db, org.countyA2), campaign.campaignId);
      expect(a2.figures).toMatchObject({ contacts: 1, delivered: 1, responses: 1, conversions: 1, premiumWritten: '800.00', spend: { total: '0.20' } });
      const byBranch = await analytics.breakdown(await scopeOf(db, org.countyA2), campaign.campaignId, 'branch');
      expect(byBranch.rows.map((row) => row.key)).toEqual([String(org.countyA2)]);
    });

    it('breaks a city down into its own branches only, with each branch’s groups and lift', async () => {
      const byBranch = await analytics.breakdown(await scopeOf(db, org.cityA), campaign.campaignId, 'branch');
      expect(byBranch.rows.map((row) => [row.key, row.label])).toEqual([
        [String(org.countyA1), '江宁支公司'],
        [String(org.countyA2), '浦口支公司'],
      ]);
      expect(byBranch.rows[0].treatment).toMatchObject({ members: 3, converters: 1 });
      expect(byBranch.rows[0].lift?.conversion.controlRate).toBe(1);
      const city = await analytics.campaign(await scopeOf(db, org.cityA), campaign.campaignId);
      expect(city.figures.contacts).toBe(6);
    });

    it('breaks the campaign down by channel, step, value tier and day', async () => {
      const province = await scopeOf(db, org.province);
      const byChannel = await analytics.breakdown(province, campaign.campaignId, 'channel');
      expect(byChannel.rows.map((row) => [row.key, row.figures.contacts, row.figures.conversions, row.figures.spend?.total])).toEqual([
        ['', 0, 1, '100.00'],
        ['email', 5, 1, '0.70'],
        ['phone', 3, 1, '10.50'],
      ]);
      const byTier = await analytics.breakdown(province, campaign.campaignId, 'value_tier');
      expect(byTier.rows.map((row) => [row.key, row.treatment?.members, row.control?.members, row.figures.spend])).toEqual([
        ['', 1, 0, null],
        ['gold', 4, 2, null],
        ['silver', 2, 1, null],
      ]);
      const byStep = await analytics.breakdown(province, campaign.campaignId, 'step');
      expect(byStep.rows.map((row) => row.key)).toEqual(['0', String(campaign.emailStep), String(campaign.phoneStep)]);
      const byDay = await analytics.breakdown(province, campaign.campaignId, 'day');
      expect(byDay.rows[0]).toMatchObject({ key: '2026-03-02', figures: { contacts: 3, spend: { automatic: '0.50', total: '0.50' } } });
    });
  });
});
