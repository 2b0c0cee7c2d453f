import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which of the plan's include segments each launch member matched at the freeze, and
 * the rollup the breakdown by segment reads (docs/roi.md "By segment"). Launches made
 * before keep `segments_recorded = false` and NULL segments: what a dynamic segment's
 * rule selected then cannot be known now, so nothing is backfilled.
 */
export class LaunchMemberSegments1765000900000 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE campaign_launches ADD COLUMN segments_recorded boolean NOT NULL DEFAULT false`);
    // An array on the member row, written by the freeze's own INSERT: a million members cost no second table or index.
    await db.query(`ALTER TABLE launch_members ADD COLUMN segment_ids integer[]`);
    // Per campaign, include segment, unit and group. A member in two segments is in both rows. Member sums are by the
    // member's unit as frozen, contact and conversion sums by the contact's (as campaign_unit_rollups).
    await db.query(`
      CREATE TABLE campaign_segment_rollups (
        campaign_id         integer       NOT NULL,
        segment_id          integer       NOT NULL,
        org_unit_id         integer       NOT NULL,
        control             boolean       NOT NULL,
        members             integer       NOT NULL,
        responders          integer       NOT NULL,
        converters          integer       NOT NULL,
        member_conversions  integer       NOT NULL,
        member_premium      numeric(16,2) NOT NULL,
        contacts            integer       NOT NULL,
        delivered           integer       NOT NULL,
        responses           integer       NOT NULL,
        conversions         integer       NOT NULL,
        premium             numeric(16,2) NOT NULL,
        margin              numeric(16,2) NOT NULL,
        PRIMARY KEY (campaign_id, segment_id, org_unit_id, control)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE campaign_segment_rollups`);
    await db.query(`ALTER TABLE launch_members DROP COLUMN segment_ids`);
    await db.query(`ALTER TABLE campaign_launches DROP COLUMN segments_recorded`);
  }
}
