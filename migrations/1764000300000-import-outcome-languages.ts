import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An import's outcome in both languages of the UI ({"zh": …, "en": …}), so that a reader
 * who switches language after the upload reads it in theirs; `error` keeps the text in
 * the import's own language, as the report was asked for.
 */
export class ImportOutcomeLanguages1764000300000 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE import_jobs ADD COLUMN error_texts jsonb`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE import_jobs DROP COLUMN error_texts`);
  }
}
