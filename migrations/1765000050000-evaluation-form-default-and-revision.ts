import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The province's default evaluation form, which a plan naming none is pinned to, and a
 * draft's revision, so that a designer's save over one made since they opened the draft
 * is refused instead of silently undoing it (docs/evaluation-forms.md).
 */
export class EvaluationFormDefaultAndRevision1765000050000 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE evaluation_form_templates ADD COLUMN is_default boolean NOT NULL DEFAULT false`);
    // At most one default form.
    await db.query(`CREATE UNIQUE INDEX evaluation_form_templates_one_default ON evaluation_form_templates ((true)) WHERE is_default`);
    // Where the standard form is already published (the demo), it becomes the default.
    await db.query(`
      UPDATE evaluation_form_templates t SET is_default = true
       WHERE t.code = 'standard_evaluation'
         AND EXISTS (SELECT 1 FROM evaluation_form_versions v WHERE v.template_id = t.id AND v.status = 'published')`);
    // Adding a column fires no row trigger, so the frozen published versions take it too.
    await db.query(`ALTER TABLE evaluation_form_versions ADD COLUMN revision integer NOT NULL DEFAULT 1 CHECK (revision >= 1)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE evaluation_form_versions DROP COLUMN revision`);
    await db.query(`DROP INDEX evaluation_form_templates_one_default`);
    await db.query(`ALTER TABLE evaluation_form_templates DROP COLUMN is_default`);
  }
}
