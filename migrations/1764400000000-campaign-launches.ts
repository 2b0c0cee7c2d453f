import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The launch of a campaign (gaps G10, G12): the audience frozen at launch with the
 * control group drawn from it, why each customer was left out of each step, and the
 * one contact per (campaign, step, customer) that the channels work through.
 */
export class CampaignLaunches1764400000000 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    // One launch per campaign: the audience is frozen once, a repeated launch finds it.
    await db.query(`
      CREATE TABLE campaign_launches (
        id                 serial PRIMARY KEY,
        campaign_id        integer       NOT NULL UNIQUE REFERENCES campaigns(id) ON DELETE CASCADE,
        revision_id        integer       NOT NULL REFERENCES campaign_revisions(id),
        -- The seed of the control-group draw, kept so that the draw can be repeated and checked.
        seed               integer       NOT NULL,
        control_share_pct  numeric(5,2)  NOT NULL,
        frozen_at          timestamptz   NOT NULL DEFAULT now(),
        launched_by        integer       REFERENCES users(id),
        audience           integer       NOT NULL DEFAULT 0,
        control            integer       NOT NULL DEFAULT 0
      )`);
    // Unit and tier as they were at the freeze: the strata of the draw, and the branch
    // a control customer's conversions are counted for later.
    await db.query(`
      CREATE TABLE launch_members (
        launch_id    integer      NOT NULL REFERENCES campaign_launches(id) ON DELETE CASCADE,
        customer_id  bigint       NOT NULL,
        org_unit_id  integer      NOT NULL,
        value_tier   varchar(16),
        control      boolean      NOT NULL DEFAULT false,
        PRIMARY KEY (launch_id, customer_id)
      )`);
    await db.query(`CREATE INDEX launch_members_control ON launch_members (launch_id) WHERE control`);
    await db.query(`
      CREATE TABLE launch_exclusions (
        launch_id    integer      NOT NULL REFERENCES campaign_launches(id) ON DELETE CASCADE,
        customer_id  bigint       NOT NULL,
        step_id      integer      NOT NULL REFERENCES campaign_steps(id),
        reason       varchar(32)  NOT NULL,
        PRIMARY KEY (launch_id, customer_id, step_id)
      )`);
    // Rows without a campaign or step (contact history from other systems) never collide: NULLs are distinct.
    await db.query(`ALTER TABLE contacts ADD CONSTRAINT contacts_one_per_step UNIQUE (campaign_id, step_id, customer_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE contacts DROP CONSTRAINT contacts_one_per_step`);
    await db.query(`DROP TABLE launch_exclusions`);
    await db.query(`DROP TABLE launch_members`);
    await db.query(`DROP TABLE campaign_launches`);
  }
}
