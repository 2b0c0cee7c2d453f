import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When the customer refused further contact through a contact: an email's unsubscribe,
 * a call's "do not call again". The contact rules read it, so that a customer who opts
 * out on one channel is contacted by no later step of the same campaign
 * (docs/dispatch.md#one-customer-across-channels).
 */
export class ContactOptOuts1765000500000 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE contacts ADD COLUMN opted_out_at timestamptz`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE contacts DROP COLUMN opted_out_at`);
  }
}
