import { MigrationInterface, QueryRunner } from 'typeorm';

/** Each import reports in the language its uploader chose (the UI's): reasons of rejected rows and the outcome. */
export class ImportLanguage1763856800000 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    // Imports before this one wrote their reports in English.
    await db.query(`ALTER TABLE import_jobs ADD COLUMN language varchar(2) NOT NULL DEFAULT 'en' CHECK (language IN ('zh', 'en'))`);
    await db.query(`ALTER TABLE import_jobs ALTER COLUMN language SET DEFAULT 'zh'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE import_jobs DROP COLUMN language`);
  }
}
