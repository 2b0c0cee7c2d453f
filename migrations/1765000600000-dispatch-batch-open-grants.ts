import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A batch's sender claims its next part while the current one is being sent, so a batch
 * can have two parts open at once, each paid for by its own budget grant: the batch keeps
 * the grants still open, and whoever resends its open parts after a crash settles each of
 * them once.
 */
export class DispatchBatchOpenGrants1765000600000 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE dispatch_batches ADD COLUMN open_grant_ids bigint[] NOT NULL DEFAULT '{}'`);
    await db.query(`UPDATE dispatch_batches SET open_grant_ids = ARRAY[open_grant_id] WHERE open_grant_id IS NOT NULL`);
    await db.query(`ALTER TABLE dispatch_batches DROP COLUMN open_grant_id`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE dispatch_batches ADD COLUMN open_grant_id bigint`);
    await db.query(`UPDATE dispatch_batches SET open_grant_id = open_grant_ids[1]`);
    await db.query(`ALTER TABLE dispatch_batches DROP COLUMN open_grant_ids`);
  }
}
