import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Campaign analytics (docs/roi.md): the margin rate of each product line (a line
 * without a row takes its default in libs/analytics/margin-rate-defaults.ts), and the
 * rollups the dashboards read instead of the raw events, kept by the worker. Rollup
 * keys use '' and 0 for "none" (a control conversion has no channel or step) so that
 * they can be primary keys.
 */
export class CampaignAnalytics1765000200000 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE margin_rates (
        product_line  varchar(20)   PRIMARY KEY CHECK (product_line IN
                        ('motor_compulsory','motor_commercial','home','accident','health','travel','liability')),
        rate_pct      numeric(5,2)  NOT NULL CHECK (rate_pct BETWEEN 0 AND 100),
        updated_by    integer       REFERENCES users(id),
        updated_at    timestamptz   NOT NULL DEFAULT now()
      )`);
    // Per campaign, day and where a contact belongs: the treatment figures of docs/figures.md.
    // Each figure sits on its own day: a contact on the day it was made, a response on its
    // first click or response, a conversion on its policy's start.
    await db.query(`
      CREATE TABLE campaign_contact_rollups (
        campaign_id  integer       NOT NULL,
        day          date          NOT NULL,
        step_id      integer       NOT NULL,
        channel      varchar(16)   NOT NULL,
        org_unit_id  integer       NOT NULL,
        value_tier   varchar(16)   NOT NULL,
        control      boolean       NOT NULL,
        -- Contact rows planned (one per step and member), made or not: the top of a channel's funnel.
        targeted     integer       NOT NULL,
        contacts     integer       NOT NULL,
        delivered    integer       NOT NULL,
        responses    integer       NOT NULL,
        conversions  integer       NOT NULL,
        premium      numeric(16,2) NOT NULL,
        margin       numeric(16,2) NOT NULL,
        PRIMARY KEY (campaign_id, day, step_id, channel, org_unit_id, value_tier, control)
      )`);
    // Per campaign and member's unit, tier and group as drawn at launch: the lift's input.
    await db.query(`
      CREATE TABLE campaign_member_rollups (
        campaign_id  integer       NOT NULL,
        org_unit_id  integer       NOT NULL,
        value_tier   varchar(16)   NOT NULL,
        control      boolean       NOT NULL,
        members      integer       NOT NULL,
        responders   integer       NOT NULL,
        converters   integer       NOT NULL,
        conversions  integer       NOT NULL,
        premium      numeric(16,2) NOT NULL,
        PRIMARY KEY (campaign_id, org_unit_id, value_tier, control)
      )`);
    await db.query(`
      CREATE TABLE campaign_spend_rollups (
        campaign_id  integer       NOT NULL,
        day          date          NOT NULL,
        branch_id    integer       NOT NULL,
        channel      varchar(16)   NOT NULL,
        step_id      integer       NOT NULL,
        automatic    numeric(16,2) NOT NULL,
        manual       numeric(16,2) NOT NULL,
        PRIMARY KEY (campaign_id, day, branch_id, channel, step_id)
      )`);
    // The contact rollup without its day: the lines by channel, step, value tier and segment, and the funnels.
    await db.query(`
      CREATE TABLE campaign_step_rollups (
        campaign_id  integer       NOT NULL,
        step_id      integer       NOT NULL,
        channel      varchar(16)   NOT NULL,
        org_unit_id  integer       NOT NULL,
        value_tier   varchar(16)   NOT NULL,
        control      boolean       NOT NULL,
        targeted     integer       NOT NULL,
        contacts     integer       NOT NULL,
        delivered    integer       NOT NULL,
        responses    integer       NOT NULL,
        conversions  integer       NOT NULL,
        premium      numeric(16,2) NOT NULL,
        margin       numeric(16,2) NOT NULL,
        PRIMARY KEY (campaign_id, step_id, channel, org_unit_id, value_tier, control)
      )`);
    // Per campaign, unit and group: the sums of the contact, member and spend rollups, which the portfolio and a
    // campaign's totals read (a few rows per unit instead of one per day, step and tier).
    await db.query(`
      CREATE TABLE campaign_unit_rollups (
        campaign_id  integer       NOT NULL,
        org_unit_id  integer       NOT NULL,
        control      boolean       NOT NULL,
        members      integer       NOT NULL,
        responders   integer       NOT NULL,
        converters   integer       NOT NULL,
        contacts     integer       NOT NULL,
        delivered    integer       NOT NULL,
        responses    integer       NOT NULL,
        conversions  integer       NOT NULL,
        premium      numeric(16,2) NOT NULL,
        margin       numeric(16,2) NOT NULL,
        automatic    numeric(16,2) NOT NULL,
        manual       numeric(16,2) NOT NULL,
        PRIMARY KEY (campaign_id, org_unit_id, control)
      )`);
    // What each campaign's rollups were computed from: its conversions can be withdrawn
    // or moved to another campaign without leaving a newer row behind, so their count
    // and sum are compared rather than a time.
    await db.query(`
      CREATE TABLE campaign_rollup_sources (
        campaign_id    integer       PRIMARY KEY,
        conversions    integer       NOT NULL,
        premium        numeric(16,2) NOT NULL,
        refreshed_at   timestamptz   NOT NULL
      )`);
    // One row, written by the first refresh: the rollups hold every change recorded before `fresh_at`.
    await db.query(`
      CREATE TABLE analytics_refresh_state (
        id              smallint     PRIMARY KEY CHECK (id = 1),
        fresh_at        timestamptz,
        margin_rates_at timestamptz,
        refreshed_at    timestamptz
      )`);
    // "Events recorded since" for the incremental refresh: recorded_at grows with the
    // table, so a block-range index is tiny and costs writers next to nothing; each range
    // is summarised as it fills, so the newest pages are not all read at every refresh.
    await db.query(`CREATE INDEX contact_events_recorded ON contact_events USING brin (recorded_at) WITH (autosummarize = on)`);
    await db.query(`CREATE INDEX budget_lines_spend ON budget_lines (campaign_id, created_at) WHERE kind = 'spend'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX budget_lines_spend`);
    await db.query(`DROP INDEX contact_events_recorded`);
    await db.query(`DROP TABLE analytics_refresh_state, campaign_rollup_sources, campaign_unit_rollups, campaign_step_rollups, campaign_spend_rollups, campaign_member_rollups, campaign_contact_rollups, margin_rates`);
  }
}
