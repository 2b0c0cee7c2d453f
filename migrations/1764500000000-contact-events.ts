import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Unified tracking: one contact-event table for every channel, partitioned by month
 * (UTC) because it will hold tens of millions of rows; a function that creates the
 * months' partitions, called here for this month and the next two and by the tracking
 * library for any month it writes; the links each step's messages were built with, the
 * only places a click may redirect to; and each contact's first open, click and
 * unsubscribe, so that rates count a contact once while every event is kept.
 */
export class ContactEvents1764500000000 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE contact_events (
        -- Given once per event where it happens, so moving the same event twice stores it once.
        event_id     uuid         NOT NULL,
        occurred_at  timestamptz  NOT NULL,
        contact_id   bigint,
        campaign_id  integer      NOT NULL,
        step_id      integer,
        customer_id  bigint       NOT NULL,
        -- The branch that owns the contact.
        org_unit_id  integer      NOT NULL,
        channel      varchar(16)  CHECK (channel IN ('email','phone','sms','web','agent_visit')),
        event_type   varchar(16)  NOT NULL CHECK (event_type IN
                       ('queued','sent','delivered','bounced','failed','skipped','opened','clicked','unsubscribed',
                        'called','connected','visited','responded','converted')),
        -- Why a contact was skipped, bounced or failed (capped, opted_out, do_not_contact, smtp_5xx …).
        reason       varchar(40),
        -- Which link of the message was clicked (tracked_links.link_index).
        link_index   smallint,
        -- An open fetched by a privacy or image proxy, not necessarily by a person.
        open_proxy   varchar(16)  CHECK (open_proxy IN ('apple_privacy','google_proxy','yahoo_proxy')),
        policy_id    bigint,
        premium      numeric(14,2),
        recorded_at  timestamptz  NOT NULL DEFAULT now(),
        -- A unique key on a partitioned table must hold the partition key; an event keeps its time.
        PRIMARY KEY (event_id, occurred_at),
        CHECK (event_type <> 'skipped' OR reason IS NOT NULL),
        CHECK (event_type <> 'clicked' OR link_index IS NOT NULL),
        CHECK (event_type <> 'converted' OR (policy_id IS NOT NULL AND premium IS NOT NULL))
      ) PARTITION BY RANGE (occurred_at)`);
    await db.query(`CREATE INDEX contact_events_campaign ON contact_events (campaign_id, step_id, org_unit_id, event_type)`);
    await db.query(`CREATE INDEX contact_events_customer ON contact_events (customer_id, occurred_at DESC)`);

    await db.query(`
      CREATE FUNCTION create_contact_event_partitions(first_month timestamptz, months integer) RETURNS integer
      LANGUAGE plpgsql AS $$
      DECLARE
        month_start timestamptz;
        partition_name text;
        created integer := 0;
      BEGIN
        -- Two processes reaching a new month together create its partition once.
        PERFORM pg_advisory_xact_lock(hashtext('create_contact_event_partitions'));
        FOR i IN 0 .. months - 1 LOOP
          month_start := (date_trunc('month', first_month AT TIME ZONE 'UTC') + make_interval(months => i)) AT TIME ZONE 'UTC';
          partition_name := 'contact_events_' || to_char(month_start AT TIME ZONE 'UTC', 'YYYY_MM');
          IF to_regclass(partition_name) IS NULL THEN
            EXECUTE format('CREATE TABLE %I PARTITION OF contact_events FOR VALUES FROM (%L) TO (%L)',
              partition_name, month_start, month_start + interval '1 month');
            created := created + 1;
          END IF;
        END LOOP;
        RETURN created;
      END $$`);
    await db.query(`SELECT create_contact_event_partitions(now(), 3)`);

    await db.query(`
      CREATE TABLE tracked_links (
        step_id     integer      NOT NULL REFERENCES campaign_steps(id) ON DELETE CASCADE,
        link_index  smallint     NOT NULL CHECK (link_index >= 0),
        url         varchar(2000) NOT NULL CHECK (url ~ '^https?://'),
        PRIMARY KEY (step_id, link_index),
        UNIQUE (step_id, url)
      )`);

    await db.query(`
      CREATE TABLE contact_engagements (
        contact_id            bigint       PRIMARY KEY,
        campaign_id           integer      NOT NULL,
        step_id               integer,
        org_unit_id           integer      NOT NULL,
        first_opened_at       timestamptz,
        -- The first open not fetched by a privacy or image proxy.
        first_direct_open_at  timestamptz,
        first_clicked_at      timestamptz,
        unsubscribed_at       timestamptz
      )`);
    await db.query(`CREATE INDEX contact_engagements_campaign ON contact_engagements (campaign_id, step_id, org_unit_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE contact_engagements`);
    await db.query(`DROP TABLE tracked_links`);
    await db.query(`DROP TABLE contact_events`);
    await db.query(`DROP FUNCTION create_contact_event_partitions(timestamptz, integer)`);
  }
}
