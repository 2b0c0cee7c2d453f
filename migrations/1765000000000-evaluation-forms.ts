import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Evaluation form templates (docs/evaluation-forms.md): a template has a code that
 * campaign plans name, and numbered versions; a version is a draft until published,
 * then frozen — a trigger refuses any change to a published version, so a report filed
 * on it always reads the form it was filled on. A campaign pins the version in force
 * when its plan is approved.
 */
export class EvaluationForms1765000000000 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE evaluation_form_templates (
        id                 serial PRIMARY KEY,
        -- What a campaign plan's evaluation_form_ref names; never changes.
        code               varchar(64)  NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9][a-z0-9_-]{1,63}$'),
        name               varchar(100) NOT NULL,
        name_en            varchar(100) NOT NULL,
        owner_org_unit_id  integer      NOT NULL REFERENCES org_units(id),
        created_by         integer      NOT NULL REFERENCES users(id),
        created_at         timestamptz  NOT NULL DEFAULT now(),
        updated_at         timestamptz  NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX evaluation_form_templates_owner ON evaluation_form_templates (owner_org_unit_id)`);
    await db.query(`
      CREATE TABLE evaluation_form_versions (
        id            serial PRIMARY KEY,
        template_id   integer      NOT NULL REFERENCES evaluation_form_templates(id),
        version       integer      NOT NULL CHECK (version >= 1),
        status        varchar(16)  NOT NULL CHECK (status IN ('draft', 'published')),
        -- A FormDefinition (libs/evaluation/form-schema.ts).
        definition    jsonb        NOT NULL,
        created_by    integer      NOT NULL REFERENCES users(id),
        created_at    timestamptz  NOT NULL DEFAULT now(),
        updated_by    integer      NOT NULL REFERENCES users(id),
        updated_at    timestamptz  NOT NULL DEFAULT now(),
        published_by  integer      REFERENCES users(id),
        published_at  timestamptz,
        UNIQUE (template_id, version),
        CONSTRAINT evaluation_form_versions_published CHECK ((status = 'published') = (published_at IS NOT NULL AND published_by IS NOT NULL))
      )`);
    // One draft at a time: the designer's next version.
    await db.query(`CREATE UNIQUE INDEX evaluation_form_versions_one_draft ON evaluation_form_versions (template_id) WHERE status = 'draft'`);
    await db.query(`
      CREATE FUNCTION evaluation_form_version_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'evaluation form version % is published and cannot change', OLD.id USING ERRCODE = 'check_violation';
      END $$`);
    await db.query(`
      CREATE TRIGGER evaluation_form_versions_frozen BEFORE UPDATE OR DELETE ON evaluation_form_versions
        FOR EACH ROW WHEN (OLD.status = 'published') EXECUTE FUNCTION evaluation_form_version_frozen()`);
    await db.query(`
      CREATE TABLE campaign_form_versions (
        campaign_id      integer      PRIMARY KEY REFERENCES campaigns(id),
        form_version_id  integer      NOT NULL REFERENCES evaluation_form_versions(id),
        -- The approved revision that pinned it.
        revision_id      integer      NOT NULL REFERENCES campaign_revisions(id),
        pinned_at        timestamptz  NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX campaign_form_versions_version ON campaign_form_versions (form_version_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE campaign_form_versions`);
    await db.query(`DROP TABLE evaluation_form_versions`);
    await db.query(`DROP FUNCTION evaluation_form_version_frozen()`);
    await db.query(`DROP TABLE evaluation_form_templates`);
  }
}
