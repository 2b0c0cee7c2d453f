import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each import records the encoding its file was read in (UTF-8, or GB18030 as Excel on
 * Chinese Windows saves CSV), NULL until it is known, and how often its uploader ran it again.
 */
export class ImportEncodingAndReruns1764000500000 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE import_jobs ADD COLUMN encoding varchar(10) CHECK (encoding IN ('utf-8', 'gb18030'))`);
    // Files imported before were all read as UTF-8.
    await db.query(`UPDATE import_jobs SET encoding = 'utf-8' WHERE status <> 'queued'`);
    await db.query(`ALTER TABLE import_jobs ADD COLUMN reruns integer NOT NULL DEFAULT 0`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE import_jobs DROP COLUMN reruns`);
    await db.query(`ALTER TABLE import_jobs DROP COLUMN encoding`);
  }
}
