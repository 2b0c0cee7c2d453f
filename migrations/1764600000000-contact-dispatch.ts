import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Dispatch (docs/dispatch.md): contacts handed to their channel in batches, checked
 * again at send time, sent once. A contact's status only moves forward:
 *
 *   planned → queued → sending → sent → delivered / opened / clicked …
 *                   ↘ skipped (the contact rules said no at send time)
 *                            ↘ bounced (a hard bounce) · dead (kept failing) · cancelled
 *
 * (a pause returns queued contacts to planned: they were never tried).
 */
export class ContactDispatch1764600000000 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE contacts DROP CONSTRAINT contacts_status_check`);
    await db.query(`
      ALTER TABLE contacts ADD CONSTRAINT contacts_status_check CHECK (status IN
        ('planned','queued','sending','sent','delivered','opened','clicked','called','connected','visited',
         'failed','skipped','bounced','dead','cancelled'))`);
    await db.query(`
      ALTER TABLE contacts
        ADD COLUMN batch_id     bigint,
        ADD COLUMN attempts     smallint     NOT NULL DEFAULT 0,
        ADD COLUMN sent_at      timestamptz,
        -- Why the send-time check skipped it (capped, opted out …), or the last failure of a dead or bounced one.
        ADD COLUMN skip_reason  varchar(40),
        ADD COLUMN last_error   varchar(300)`);
    // The dispatcher's read: a step's contacts that are due, in order.
    await db.query(`CREATE INDEX contacts_due ON contacts (step_id, contacted_at, id) WHERE status = 'planned'`);
    await db.query(`CREATE INDEX contacts_batch ON contacts (batch_id) WHERE batch_id IS NOT NULL`);
    // The dead-letter list of the channel managers.
    await db.query(`CREATE INDEX contacts_dead ON contacts (channel, org_unit_id) WHERE status = 'dead'`);
    // The planned index served the priority reservation; queued contacts reserve too.
    await db.query(`DROP INDEX contacts_planned`);
    await db.query(`CREATE INDEX contacts_planned ON contacts (customer_id, contacted_at) WHERE status IN ('planned','queued')`);

    // A batch: contacts of one step and one participating branch (the budget guard grants per branch), one job.
    await db.query(`
      CREATE TABLE dispatch_batches (
        id              bigserial     PRIMARY KEY,
        campaign_id     integer       NOT NULL REFERENCES campaigns(id),
        step_id         integer       NOT NULL REFERENCES campaign_steps(id),
        branch_id       integer       NOT NULL REFERENCES org_units(id),
        channel         varchar(16)   NOT NULL,
        status          varchar(12)   NOT NULL DEFAULT 'queued' CHECK (status IN ('queued','sending','done','returned','cancelled')),
        contacts        integer       NOT NULL,
        -- The budget grant of the part being sent, settled with it; set while a part is in flight.
        open_grant_id   bigint,
        created_at      timestamptz   NOT NULL DEFAULT now(),
        updated_at      timestamptz   NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX dispatch_batches_open ON dispatch_batches (step_id) WHERE status IN ('queued','sending')`);

    // Per step: contacts released per local day (the daily capacity), and whether the budget stopped it.
    await db.query(`
      CREATE TABLE step_dispatch_days (
        step_id      integer   NOT NULL REFERENCES campaign_steps(id) ON DELETE CASCADE,
        day          date      NOT NULL,
        released     integer   NOT NULL DEFAULT 0,
        PRIMARY KEY (step_id, day)
      )`);
    await db.query(`
      CREATE TABLE step_dispatch_states (
        step_id      integer      PRIMARY KEY REFERENCES campaign_steps(id) ON DELETE CASCADE,
        campaign_id  integer      NOT NULL REFERENCES campaigns(id),
        state        varchar(20)  NOT NULL CHECK (state IN ('budget_exhausted')),
        since        timestamptz  NOT NULL DEFAULT now()
      )`);

    // Addresses that bounced hard: no further email to them, whichever customer holds them.
    await db.query(`
      CREATE TABLE email_suppressions (
        email        varchar(200)  PRIMARY KEY,
        reason       varchar(300)  NOT NULL,
        contact_id   bigint,
        created_at   timestamptz   NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE email_suppressions`);
    await db.query(`DROP TABLE step_dispatch_states`);
    await db.query(`DROP TABLE step_dispatch_days`);
    await db.query(`DROP TABLE dispatch_batches`);
    await db.query(`DROP INDEX contacts_planned`);
    await db.query(`CREATE INDEX contacts_planned ON contacts (customer_id, contacted_at) WHERE status = 'planned'`);
    await db.query(`DROP INDEX contacts_dead`);
    await db.query(`DROP INDEX contacts_batch`);
    await db.query(`DROP INDEX contacts_due`);
    await db.query(`ALTER TABLE contacts DROP COLUMN batch_id, DROP COLUMN attempts, DROP COLUMN sent_at, DROP COLUMN skip_reason, DROP COLUMN last_error`);
    await db.query(`UPDATE contacts SET status = 'failed' WHERE status IN ('queued','sending','skipped','bounced','dead','cancelled')`);
    await db.query(`ALTER TABLE contacts DROP CONSTRAINT contacts_status_check`);
    await db.query(`
      ALTER TABLE contacts ADD CONSTRAINT contacts_status_check CHECK (status IN
        ('planned','sent','delivered','opened','clicked','called','connected','visited','failed'))`);
  }
}
