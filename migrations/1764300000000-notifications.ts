import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications to staff (a submitted campaign for its reviewers, an approval or a
 * return for its owner, a campaign for the branches taking part): an inbox row per
 * recipient, mailed as well when the recipient has an email address. Users gain
 * that address.
 */
export class Notifications1764300000000 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE users ADD COLUMN email varchar(200)`);
    await db.query(`
      CREATE TABLE notifications (
        id            bigserial PRIMARY KEY,
        recipient_id  integer      NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        kind          varchar(40)  NOT NULL,
        -- What the texts are filled with (campaign code and name, who acted, a comment).
        params        jsonb        NOT NULL DEFAULT '{}',
        -- Path of the web UI to open, e.g. /campaigns/12.
        link          varchar(200),
        created_at    timestamptz  NOT NULL DEFAULT now(),
        read_at       timestamptz,
        -- 'none': no address or no SMTP server; 'pending' until the worker has mailed it.
        email_status  varchar(8)   NOT NULL DEFAULT 'none' CHECK (email_status IN ('none','pending','sent','failed')),
        email_attempts smallint    NOT NULL DEFAULT 0,
        emailed_at    timestamptz
      )`);
    await db.query(`CREATE INDEX notifications_inbox ON notifications (recipient_id, created_at DESC)`);
    await db.query(`CREATE INDEX notifications_unread ON notifications (recipient_id) WHERE read_at IS NULL`);
    await db.query(`CREATE INDEX notifications_to_mail ON notifications (id) WHERE email_status = 'pending'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE notifications`);
    await db.query(`ALTER TABLE users DROP COLUMN email`);
  }
}
