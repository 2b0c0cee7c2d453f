import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Conversion attribution (gaps G10, G12): each policy that a launched campaign may
 * claim goes to at most one campaign, for treatment and control members alike, so that
 * lift compares the groups as drawn (docs/attribution.md). Plans may name product lines
 * beside the bundle's products.
 */
export class CampaignConversions1764700000000 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE campaign_revisions ADD COLUMN attribution_product_lines text[] NOT NULL DEFAULT '{}'`);
    await db.query(`
      CREATE TABLE campaign_conversions (
        -- One campaign per policy: a sale is credited once.
        policy_id     bigint        PRIMARY KEY REFERENCES policies(id) ON DELETE CASCADE,
        campaign_id   integer       NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
        launch_id     integer       NOT NULL REFERENCES campaign_launches(id) ON DELETE CASCADE,
        customer_id   bigint        NOT NULL,
        control       boolean       NOT NULL,
        -- The contact credited; NULL for a control member or a treatment member not reached before the policy started.
        contact_id    bigint        REFERENCES contacts(id) ON DELETE SET NULL,
        step_id       integer,
        channel       varchar(16),
        -- The contact's branch, else the member's unit frozen at launch.
        org_unit_id   integer       NOT NULL,
        product_code  varchar(20)   NOT NULL,
        premium       numeric(14,2) NOT NULL,
        start_date    date          NOT NULL,
        attributed_at timestamptz   NOT NULL DEFAULT now(),
        CHECK (NOT control OR contact_id IS NULL)
      )`);
    await db.query(`CREATE INDEX campaign_conversions_campaign ON campaign_conversions (campaign_id, control, org_unit_id)`);
    await db.query(`CREATE INDEX campaign_conversions_contact ON campaign_conversions (contact_id) WHERE contact_id IS NOT NULL`);
    // Attribution finds a policy's campaigns through its customer's memberships.
    await db.query(`CREATE INDEX launch_members_customer ON launch_members (customer_id)`);
    // "The policies an import wrote" and "changed since" are ranges of updated_at, which inserts default and the import's merge sets.
    await db.query(`CREATE INDEX policies_updated_at ON policies (updated_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX policies_updated_at`);
    await db.query(`DROP INDEX launch_members_customer`);
    await db.query(`DROP TABLE campaign_conversions`);
    await db.query(`ALTER TABLE campaign_revisions DROP COLUMN attribution_product_lines`);
  }
}
