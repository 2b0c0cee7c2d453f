import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Segments (a rule for dynamic ones, a member list for static ones) and snapshots
 * that freeze a segment's members at a moment, with the rule they were taken from.
 */
export class Segments1763856200000 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE segments (
        id                 serial PRIMARY KEY,
        name               varchar(100)  NOT NULL,
        description        varchar(1000),
        kind               varchar(8)    NOT NULL CHECK (kind IN ('dynamic','static')),
        rule               jsonb,
        owner_org_unit_id  integer       NOT NULL REFERENCES org_units(id),
        created_by         integer       NOT NULL REFERENCES users(id),
        created_at         timestamptz   NOT NULL DEFAULT now(),
        updated_at         timestamptz   NOT NULL DEFAULT now(),
        CHECK ((kind = 'dynamic') = (rule IS NOT NULL))
      )`);
    await db.query(`CREATE INDEX segments_owner ON segments (owner_org_unit_id)`);

    await db.query(`
      CREATE TABLE segment_members (
        segment_id   integer      NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
        customer_id  bigint       NOT NULL REFERENCES customers(id),
        added_at     timestamptz  NOT NULL DEFAULT now(),
        PRIMARY KEY (segment_id, customer_id)
      )`);
    await db.query(`CREATE INDEX segment_members_customer ON segment_members (customer_id)`);

    // A snapshot outlives its segment (campaign audiences point at it), so it keeps
    // the segment's name, rule and the org unit whose scope it was taken in.
    await db.query(`
      CREATE TABLE segment_snapshots (
        id            serial PRIMARY KEY,
        segment_id    integer       REFERENCES segments(id) ON DELETE SET NULL,
        segment_name  varchar(100)  NOT NULL,
        kind          varchar(8)    NOT NULL CHECK (kind IN ('dynamic','static')),
        rule          jsonb,
        org_unit_id   integer       NOT NULL REFERENCES org_units(id),
        member_count  integer       NOT NULL DEFAULT 0,
        taken_by      integer       NOT NULL REFERENCES users(id),
        taken_at      timestamptz   NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX segment_snapshots_segment ON segment_snapshots (segment_id, taken_at DESC)`);

    // No foreign key to customers: snapshots are written a million rows at a time,
    // and the rows come from the customers table in the same statement.
    await db.query(`
      CREATE TABLE segment_snapshot_members (
        snapshot_id  integer  NOT NULL REFERENCES segment_snapshots(id) ON DELETE CASCADE,
        customer_id  bigint   NOT NULL,
        PRIMARY KEY (snapshot_id, customer_id)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['segment_snapshot_members', 'segment_snapshots', 'segment_members', 'segments']) {
      await db.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
