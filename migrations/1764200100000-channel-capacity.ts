import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Channel capacity (gap G6): how many contacts each channel can make per branch and
 * day (call-centre seats × calls per seat, agent visits per county), a default per
 * branch and overrides for single dates; each channel's default cost per contact; and
 * what approved campaigns have booked of it, per step, branch and day.
 */
export class ChannelCapacity1764200100000 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE channel_settings (
        channel                   varchar(16)   PRIMARY KEY CHECK (channel IN ('email','phone','web','agent_visit')),
        default_cost_per_contact  numeric(14,2) NOT NULL CHECK (default_cost_per_contact >= 0),
        updated_by                integer       REFERENCES users(id),
        updated_at                timestamptz   NOT NULL DEFAULT now()
      )`);

    // A channel and branch without a row here is not limited (email and web usually are not).
    await db.query(`
      CREATE TABLE channel_capacity_defaults (
        channel            varchar(16)  NOT NULL CHECK (channel IN ('email','phone','web','agent_visit')),
        org_unit_id        integer      NOT NULL REFERENCES org_units(id),
        -- Call centre: seats × contacts per seat; kept so the channel manager sees how the figure came about.
        seats              integer      CHECK (seats >= 0),
        contacts_per_seat  integer      CHECK (contacts_per_seat >= 0),
        daily_capacity     integer      NOT NULL CHECK (daily_capacity >= 0),
        updated_by         integer      REFERENCES users(id),
        updated_at         timestamptz  NOT NULL DEFAULT now(),
        PRIMARY KEY (channel, org_unit_id),
        CHECK ((seats IS NULL) = (contacts_per_seat IS NULL)),
        CHECK (seats IS NULL OR daily_capacity = seats * contacts_per_seat)
      )`);

    await db.query(`
      CREATE TABLE channel_capacity_overrides (
        channel         varchar(16)  NOT NULL CHECK (channel IN ('email','phone','web','agent_visit')),
        org_unit_id     integer      NOT NULL REFERENCES org_units(id),
        day             date         NOT NULL,
        daily_capacity  integer      NOT NULL CHECK (daily_capacity >= 0),
        note            varchar(300) NOT NULL DEFAULT '',
        updated_by      integer      REFERENCES users(id),
        updated_at      timestamptz  NOT NULL DEFAULT now(),
        PRIMARY KEY (channel, org_unit_id, day)
      )`);

    await db.query(`
      CREATE TABLE capacity_bookings (
        campaign_id  integer      NOT NULL REFERENCES campaigns(id),
        revision_id  integer      NOT NULL REFERENCES campaign_revisions(id),
        step_id      integer      NOT NULL REFERENCES campaign_steps(id),
        channel      varchar(16)  NOT NULL CHECK (channel IN ('email','phone','web','agent_visit')),
        org_unit_id  integer      NOT NULL REFERENCES org_units(id),
        day          date         NOT NULL,
        contacts     integer      NOT NULL CHECK (contacts > 0),
        PRIMARY KEY (step_id, org_unit_id, day)
      )`);
    // What is booked of a channel at a branch on a day: the sum the availability check reads.
    await db.query(`CREATE INDEX capacity_bookings_day ON capacity_bookings (channel, org_unit_id, day)`);
    await db.query(`CREATE INDEX capacity_bookings_campaign ON capacity_bookings (campaign_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE capacity_bookings, channel_capacity_overrides, channel_capacity_defaults, channel_settings`);
  }
}
