import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Leads from the web channel (issue 10, "Web"): a customer who accepts an offer on the
 * insurer's site becomes a lead of the branch that owns the customer, which follows it
 * up. One lead per contact, however often the offer is accepted.
 */
export class WebLeads1764900000000 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE leads (
        id           bigserial     PRIMARY KEY,
        contact_id   bigint        NOT NULL UNIQUE REFERENCES contacts(id) ON DELETE CASCADE,
        customer_id  bigint        NOT NULL REFERENCES customers(id),
        campaign_id  integer       NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
        step_id      integer       NOT NULL,
        org_unit_id  integer       NOT NULL REFERENCES org_units(id),
        status       varchar(16)   NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'contacted', 'closed')),
        created_at   timestamptz   NOT NULL,
        updated_at   timestamptz   NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX leads_branch_time ON leads (org_unit_id, created_at DESC)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE leads`);
  }
}
