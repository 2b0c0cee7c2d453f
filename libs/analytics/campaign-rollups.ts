import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { LOCAL_TIME_ZONE } from '@lib/common';
import { allowBatchStatements } from '@lib/database';
import { NOT_MADE, REACHED } from '@lib/contact-rules/contact-status';
import { MARGIN_RATES_IN_FORCE_SQL } from './margin-rate-defaults';

/**
 * Events recorded up to this long before the last refresh are looked at again: a
 * writer's recorded_at is its transaction's start, so a transaction that commits after
 * a refresh began may carry an earlier time. Longer than any writer's transaction.
 */
export const LATE_EVENT_GRACE = '2 minutes';

export interface RollupRefresh {
  /** Campaigns whose rollups were computed again. */
  campaigns: number;
  /** The rollups now hold every change recorded before this moment. */
  freshAt: Date;
}

/**
 * The campaigns to compute again: every launched campaign on the first run or after a
 * margin rate changed; otherwise those with events, spend lines, conversions or a move
 * of the campaign recorded since the last refresh (less the grace), a launch since, or
 * conversions that differ in count or premium from what the rollups were made of (a
 * withdrawn or moved conversion leaves no newer row behind).
 */
const DIRTY_SQL = `
  CREATE TEMP TABLE analytics_dirty ON COMMIT DROP AS
  WITH since AS (
    SELECT s.fresh_at - interval '${LATE_EVENT_GRACE}' AS t,
           s.fresh_at IS NULL OR s.margin_rates_at IS DISTINCT FROM (SELECT max(updated_at) FROM margin_rates) OR $1::boolean AS everything
      FROM analytics_refresh_state s WHERE s.id = 1
  ),
  changed AS (
    SELECT e.campaign_id FROM contact_events e, since WHERE e.recorded_at >= since.t
    UNION SELECT l.campaign_id FROM budget_lines l, since WHERE l.kind = 'spend' AND l.created_at >= since.t
    UNION SELECT cv.campaign_id FROM campaign_conversions cv, since WHERE cv.attributed_at >= since.t
    UNION SELECT c.id FROM campaigns c, since WHERE c.updated_at >= since.t
    UNION SELECT l.campaign_id FROM campaign_launches l, since WHERE l.frozen_at >= since.t
    UNION SELECT coalesce(cv.campaign_id, s.campaign_id)
      FROM (SELECT campaign_id, count(*)::int AS n, sum(premium) AS premium FROM campaign_conversions GROUP BY campaign_id) cv
      FULL JOIN campaign_rollup_sources s ON s.campaign_id = cv.campaign_id
     WHERE (coalesce(cv.n, 0), coalesce(cv.premium, 0)) IS DISTINCT FROM (coalesce(s.conversions, 0), coalesce(s.premium, 0))
  )
  SELECT l.campaign_id, l.id AS launch_id
    FROM campaign_launches l, since
   WHERE since.everything OR l.campaign_id IN (SELECT campaign_id FROM changed)`;

/** Each contact's first response (docs/figures.md "responses"): a clicked or responded event, counted once. */
const RESPONSES_SQL = `
  CREATE TEMP TABLE analytics_responses ON COMMIT DROP AS
  SELECT e.contact_id, min(e.occurred_at) AS first_at
    FROM analytics_dirty d JOIN contact_events e ON e.campaign_id = d.campaign_id
   WHERE e.event_type IN ('clicked', 'responded') AND e.contact_id IS NOT NULL
   GROUP BY e.contact_id`;

const DAY_OF = (column: string) => `(${column} AT TIME ZONE '${LOCAL_TIME_ZONE}')::date`;

/**
 * The contact figures summed once per contact rollup key and the member's include segments
 * (NULL when the launch did not record them): the contact and segment rollups are both made
 * from it, so the contacts are read once.
 */
const CONTACT_SUMS_SQL = `
  CREATE TEMP TABLE analytics_contact_sums ON COMMIT DROP AS
  SELECT campaign_id, day, step_id, channel, org_unit_id, value_tier, control, segment_ids,
         sum(targeted) AS targeted, sum(contacts) AS contacts, sum(delivered) AS delivered, sum(responses) AS responses,
         sum(conversions) AS conversions, sum(premium) AS premium, sum(margin) AS margin
    FROM (
      SELECT k.campaign_id, ${DAY_OF('coalesce(k.sent_at, k.contacted_at)')} AS day, coalesce(k.step_id, 0) AS step_id, k.channel,
             k.org_unit_id, coalesce(m.value_tier, '') AS value_tier, false AS control, m.segment_ids,
             1 AS targeted, (k.status <> ALL($1::text[]))::int AS contacts, (k.status = ANY($2::text[]))::int AS delivered,
             0 AS responses, 0 AS conversions, 0::numeric AS premium, 0::numeric AS margin
        FROM analytics_dirty d
        JOIN contacts k ON k.campaign_id = d.campaign_id
        LEFT JOIN launch_members m ON m.launch_id = d.launch_id AND m.customer_id = k.customer_id
      UNION ALL
      SELECT k.campaign_id, ${DAY_OF('r.first_at')}, coalesce(k.step_id, 0), k.channel, k.org_unit_id, coalesce(m.value_tier, ''), false,
             m.segment_ids, 0, 0, 0, 1, 0, 0, 0
        FROM analytics_responses r
        JOIN contacts k ON k.id = r.contact_id
        JOIN analytics_dirty d ON d.campaign_id = k.campaign_id
        LEFT JOIN launch_members m ON m.launch_id = d.launch_id AND m.customer_id = k.customer_id
      UNION ALL
      SELECT cv.campaign_id, cv.start_date, coalesce(cv.step_id, 0), coalesce(cv.channel, ''), cv.org_unit_id, coalesce(m.value_tier, ''),
             cv.control, m.segment_ids, 0, 0, 0, 0, 1, cv.premium, round(cv.premium * coalesce(mr.rate_pct, 0) / 100, 2)
        FROM analytics_dirty d
        JOIN campaign_conversions cv ON cv.campaign_id = d.campaign_id
        LEFT JOIN products p ON p.code = cv.product_code
        LEFT JOIN (${MARGIN_RATES_IN_FORCE_SQL}) mr ON mr.product_line = p.line
        LEFT JOIN launch_members m ON m.launch_id = cv.launch_id AND m.customer_id = cv.customer_id
    ) f
   GROUP BY campaign_id, day, step_id, channel, org_unit_id, value_tier, control, segment_ids`;

const CONTACT_ROLLUPS_SQL = `
  INSERT INTO campaign_contact_rollups
    (campaign_id, day, step_id, channel, org_unit_id, value_tier, control, targeted, contacts, delivered, responses, conversions, premium, margin)
  SELECT campaign_id, day, step_id, channel, org_unit_id, value_tier, control,
         sum(targeted), sum(contacts), sum(delivered), sum(responses), sum(conversions), sum(premium), sum(margin)
    FROM analytics_contact_sums
   GROUP BY campaign_id, day, step_id, channel, org_unit_id, value_tier, control`;

/**
 * Members as drawn: a responder is a member with a response to any contact, a converter one
 * with a conversion. Summed per member rollup key and include segments, as the contact sums.
 */
const MEMBER_SUMS_SQL = `
  CREATE TEMP TABLE analytics_member_sums ON COMMIT DROP AS
  SELECT d.campaign_id, m.org_unit_id, coalesce(m.value_tier, '') AS value_tier, m.control, m.segment_ids,
         count(*) AS members, count(r.customer_id) AS responders, count(cv.customer_id) AS converters,
         coalesce(sum(cv.n), 0) AS conversions, coalesce(sum(cv.premium), 0) AS premium
    FROM analytics_dirty d
    JOIN launch_members m ON m.launch_id = d.launch_id
    LEFT JOIN (
      SELECT DISTINCT k.campaign_id, k.customer_id FROM analytics_responses r JOIN contacts k ON k.id = r.contact_id
    ) r ON r.campaign_id = d.campaign_id AND r.customer_id = m.customer_id
    LEFT JOIN (
      SELECT cv.campaign_id, cv.customer_id, count(*)::int AS n, sum(cv.premium) AS premium
        FROM analytics_dirty d JOIN campaign_conversions cv ON cv.campaign_id = d.campaign_id
       GROUP BY cv.campaign_id, cv.customer_id
    ) cv ON cv.campaign_id = d.campaign_id AND cv.customer_id = m.customer_id
   GROUP BY d.campaign_id, m.org_unit_id, coalesce(m.value_tier, ''), m.control, m.segment_ids`;

const MEMBER_ROLLUPS_SQL = `
  INSERT INTO campaign_member_rollups (campaign_id, org_unit_id, value_tier, control, members, responders, converters, conversions, premium)
  SELECT campaign_id, org_unit_id, value_tier, control, sum(members), sum(responders), sum(converters), sum(conversions), sum(premium)
    FROM analytics_member_sums
   GROUP BY campaign_id, org_unit_id, value_tier, control`;

/**
 * Per include segment: each segment a member matched at launch gets the member's sums, so a
 * member of two segments counts in both. Launches that recorded no segments have no rows.
 */
const SEGMENT_ROLLUPS_SQL = `
  INSERT INTO campaign_segment_rollups
    (campaign_id, segment_id, org_unit_id, control, members, responders, converters, member_conversions, member_premium,
     contacts, delivered, responses, conversions, premium, margin)
  SELECT campaign_id, segment_id, org_unit_id, control, sum(members), sum(responders), sum(converters), sum(member_conversions),
         sum(member_premium), sum(contacts), sum(delivered), sum(responses), sum(conversions), sum(premium), sum(margin)
    FROM (
      SELECT campaign_id, segment_id, org_unit_id, control, members, responders, converters, conversions AS member_conversions,
             premium AS member_premium, 0 AS contacts, 0 AS delivered, 0 AS responses, 0 AS conversions, 0 AS premium, 0 AS margin
        FROM analytics_member_sums, unnest(segment_ids) AS segment_id
      UNION ALL
      SELECT campaign_id, segment_id, org_unit_id, control, 0, 0, 0, 0, 0, contacts, delivered, responses, conversions, premium, margin
        FROM analytics_contact_sums, unnest(segment_ids) AS segment_id
    ) f
   GROUP BY campaign_id, segment_id, org_unit_id, control`;

/** Spend lines: manual ones (and their reversals) on the day they were spent, automatic ones on the day they were settled. */
const SPEND_ROLLUPS_SQL = `
  INSERT INTO campaign_spend_rollups (campaign_id, day, branch_id, channel, step_id, automatic, manual)
  SELECT l.campaign_id, coalesce(ms.spent_on, rm.spent_on, ${DAY_OF('l.created_at')}) AS day, l.branch_id,
         coalesce(l.channel, '') AS channel, coalesce(l.step_id, 0) AS step_id,
         coalesce(sum(l.amount) FILTER (WHERE ms.line_id IS NULL AND rm.line_id IS NULL), 0),
         coalesce(sum(l.amount) FILTER (WHERE ms.line_id IS NOT NULL OR rm.line_id IS NOT NULL), 0)
    FROM analytics_dirty d
    JOIN budget_lines l ON l.campaign_id = d.campaign_id AND l.kind = 'spend'
    LEFT JOIN manual_spends ms ON ms.line_id = l.id
    LEFT JOIN manual_spends rm ON rm.line_id = l.source_line_id
   GROUP BY 1, 2, 3, 4, 5`;

const STEP_ROLLUPS_SQL = `
  INSERT INTO campaign_step_rollups
    (campaign_id, step_id, channel, org_unit_id, value_tier, control, targeted, contacts, delivered, responses, conversions, premium, margin)
  SELECT campaign_id, step_id, channel, org_unit_id, value_tier, control,
         sum(targeted), sum(contacts), sum(delivered), sum(responses), sum(conversions), sum(premium), sum(margin)
    FROM campaign_contact_rollups WHERE campaign_id IN (SELECT campaign_id FROM analytics_dirty)
   GROUP BY campaign_id, step_id, channel, org_unit_id, value_tier, control`;

/**
 * The unit rollup from the three just computed. Member sums are by the member's unit,
 * contact and conversion sums by the contact's (docs/figures.md), spend by the line's
 * branch; spend sits on the treatment row.
 */
const UNIT_ROLLUPS_SQL = `
  INSERT INTO campaign_unit_rollups
    (campaign_id, org_unit_id, control, members, responders, converters, contacts, delivered, responses, conversions, premium, margin, automatic, manual)
  SELECT campaign_id, org_unit_id, control, sum(members), sum(responders), sum(converters), sum(contacts), sum(delivered), sum(responses),
         sum(conversions), sum(premium), sum(margin), sum(automatic), sum(manual)
    FROM (
      SELECT campaign_id, org_unit_id, control, members, responders, converters, 0 AS contacts, 0 AS delivered, 0 AS responses,
             0 AS conversions, 0 AS premium, 0 AS margin, 0 AS automatic, 0 AS manual
        FROM campaign_member_rollups WHERE campaign_id IN (SELECT campaign_id FROM analytics_dirty)
      UNION ALL
      SELECT campaign_id, org_unit_id, control, 0, 0, 0, contacts, delivered, responses, conversions, premium, margin, 0, 0
        FROM campaign_contact_rollups WHERE campaign_id IN (SELECT campaign_id FROM analytics_dirty)
      UNION ALL
      SELECT campaign_id, branch_id, false, 0, 0, 0, 0, 0, 0, 0, 0, 0, automatic, manual
        FROM campaign_spend_rollups WHERE campaign_id IN (SELECT campaign_id FROM analytics_dirty)
    ) f
   GROUP BY campaign_id, org_unit_id, control`;

const SOURCES_SQL = `
  INSERT INTO campaign_rollup_sources (campaign_id, conversions, premium, refreshed_at)
  SELECT d.campaign_id, count(cv.policy_id), coalesce(sum(cv.premium), 0), now()
    FROM analytics_dirty d LEFT JOIN campaign_conversions cv ON cv.campaign_id = d.campaign_id
   GROUP BY d.campaign_id
  ON CONFLICT (campaign_id) DO UPDATE SET
    conversions = EXCLUDED.conversions, premium = EXCLUDED.premium, refreshed_at = EXCLUDED.refreshed_at`;

/**
 * The rollup tables the dashboards read (docs/roi.md), kept by the worker's repeated
 * refresh. A refresh computes the rows of each changed campaign again from the raw
 * tables, set-based, in one transaction: a crash leaves the rollups as they were, a
 * repeat finds nothing new, and two workers take turns on the state row's lock.
 */
@Injectable()
export class CampaignRollups {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Computes the changed campaigns again; `everything` computes every launched campaign. */
  async refresh(options: { everything?: boolean } = {}): Promise<RollupRefresh> {
    return this.dataSource.transaction(async (manager) => {
      // A first refresh over millions of events takes longer than a request may.
      await allowBatchStatements(manager);
      // The planner overestimates these statements (the "changed since" joins most of all) and would spend
      // seconds compiling them (JIT) to save far less in running them.
      await manager.query('SET LOCAL jit = off');
      await manager.query(`INSERT INTO analytics_refresh_state (id) VALUES (1) ON CONFLICT (id) DO NOTHING`);
      await manager.query(`SELECT 1 FROM analytics_refresh_state WHERE id = 1 FOR UPDATE`);
      // Taken once the lock is held: every change recorded before it is in this refresh's reads (less the grace).
      const [{ started, margin_rates_at }] = await manager.query(
        `SELECT clock_timestamp() AS started, (SELECT max(updated_at) FROM margin_rates) AS margin_rates_at`,
      );
      await manager.query(DIRTY_SQL, [options.everything ?? false]);
      const [{ n }] = await manager.query(`SELECT count(*)::int AS n FROM analytics_dirty`);
      if (n > 0) await this.recompute(manager);
      await manager.query(`UPDATE analytics_refresh_state SET fresh_at = $1, margin_rates_at = $2, refreshed_at = now() WHERE id = 1`, [
        started,
        margin_rates_at,
      ]);
      return { campaigns: n, freshAt: started };
    });
  }

  private async recompute(manager: EntityManager): Promise<void> {
    await manager.query(`CREATE INDEX ON analytics_dirty (campaign_id)`);
    await manager.query(`ANALYZE analytics_dirty`);
    for (const table of ['campaign_contact_rollups', 'campaign_step_rollups', 'campaign_member_rollups', 'campaign_spend_rollups', 'campaign_unit_rollups', 'campaign_segment_rollups']) {
      await manager.query(`DELETE FROM ${table} WHERE campaign_id IN (SELECT campaign_id FROM analytics_dirty)`);
    }
    await manager.query(RESPONSES_SQL);
    await manager.query(`ANALYZE analytics_responses`);
    await manager.query(CONTACT_SUMS_SQL, [NOT_MADE, REACHED]);
    await manager.query(CONTACT_ROLLUPS_SQL);
    await manager.query(STEP_ROLLUPS_SQL);
    await manager.query(MEMBER_SUMS_SQL);
    await manager.query(MEMBER_ROLLUPS_SQL);
    await manager.query(SEGMENT_ROLLUPS_SQL);
    await manager.query(SPEND_ROLLUPS_SQL);
    await manager.query(UNIT_ROLLUPS_SQL);
    await manager.query(SOURCES_SQL);
  }

  /** When the rollups were last brought up to date; null before the first refresh. */
  async freshAt(db: DataSource | EntityManager = this.dataSource): Promise<Date | null> {
    const [row] = await db.query(`SELECT fresh_at FROM analytics_refresh_state WHERE id = 1`);
    return row?.fresh_at ?? null;
  }
}
