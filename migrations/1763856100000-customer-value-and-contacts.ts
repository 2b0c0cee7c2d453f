import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Data that segments, contact rules and offers read: each customer's value tier and
 * score, and the contact history (one row per contact of a customer on a channel;
 * the execution pipeline writes it, segments and contact rules read it).
 */
export class CustomerValueAndContacts1763856100000 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE customers
        ADD COLUMN value_tier varchar(16) CHECK (value_tier IN ('gold','silver','ordinary','do_not_serve')),
        ADD COLUMN value_score numeric(12,2),
        ADD COLUMN value_scored_at timestamptz`);
    await db.query(`CREATE INDEX customers_value_tier ON customers (value_tier)`);

    await db.query(`
      CREATE TABLE contacts (
        id            bigserial PRIMARY KEY,
        customer_id   bigint       NOT NULL REFERENCES customers(id),
        -- Campaigns and their steps arrive with the campaign issue; kept as plain ids until then.
        campaign_id   integer,
        step_id       integer,
        channel       varchar(16)  NOT NULL CHECK (channel IN ('email','phone','sms','web','agent_visit')),
        org_unit_id   integer      NOT NULL REFERENCES org_units(id),
        contacted_at  timestamptz  NOT NULL,
        status        varchar(16)  NOT NULL CHECK (status IN
                        ('planned','sent','delivered','opened','clicked','called','connected','visited','failed')),
        -- 'refused' on a call puts the customer on the do-not-call list.
        outcome       varchar(16)  CHECK (outcome IN ('interested','not_interested','refused','callback','no_answer')),
        responded_at  timestamptz,
        converted_at  timestamptz,
        created_at    timestamptz  NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX contacts_customer_time ON contacts (customer_id, contacted_at DESC)`);
    await db.query(`CREATE INDEX contacts_campaign ON contacts (campaign_id) WHERE campaign_id IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE contacts`);
    await db.query(`ALTER TABLE customers DROP COLUMN value_tier, DROP COLUMN value_score, DROP COLUMN value_scored_at`);
  }
}
