import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Message templates that channel managers edit: one table for every channel (an email
 * has a subject, an HTML and a text part; a call script, a web snippet and a visit
 * script have one body), owned by an org unit, with every saved version kept so that a
 * message sent can name the version it was rendered from. Org units gain the address
 * and phone number that customers' messages show for their branch.
 */
export class MessageTemplates1764600500000 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE org_units ADD COLUMN address varchar(200), ADD COLUMN phone varchar(40)`);
    await db.query(`
      CREATE TABLE message_templates (
        id                 serial PRIMARY KEY,
        -- What a campaign step's template_ref names.
        key                varchar(64)  NOT NULL UNIQUE CHECK (key ~ '^[a-z0-9][a-z0-9_-]{1,63}$'),
        channel            varchar(16)  NOT NULL CHECK (channel IN ('email','phone','web','agent_visit')),
        name               varchar(100) NOT NULL,
        objective          varchar(16)  CHECK (objective IN ('cross_sell','retention','win_back','referral')),
        subject            varchar(300),
        html               text,
        text               text,
        body               text,
        owner_org_unit_id  integer      NOT NULL REFERENCES org_units(id),
        -- 1 when created, one more at every save.
        version            integer      NOT NULL DEFAULT 1 CHECK (version >= 1),
        created_by         integer      NOT NULL REFERENCES users(id),
        created_at         timestamptz  NOT NULL DEFAULT now(),
        updated_by         integer      NOT NULL REFERENCES users(id),
        updated_at         timestamptz  NOT NULL DEFAULT now(),
        CONSTRAINT message_templates_parts CHECK (CASE WHEN channel = 'email'
          THEN subject IS NOT NULL AND html IS NOT NULL AND text IS NOT NULL AND body IS NULL
          ELSE body IS NOT NULL AND subject IS NULL AND html IS NULL AND text IS NULL END)
      )`);
    await db.query(`CREATE INDEX message_templates_owner ON message_templates (owner_org_unit_id)`);
    await db.query(`
      CREATE TABLE message_template_versions (
        template_id  integer      NOT NULL REFERENCES message_templates(id) ON DELETE CASCADE,
        version      integer      NOT NULL,
        subject      varchar(300),
        html         text,
        text         text,
        body         text,
        saved_by     integer      NOT NULL REFERENCES users(id),
        saved_at     timestamptz  NOT NULL DEFAULT now(),
        PRIMARY KEY (template_id, version)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE message_template_versions`);
    await db.query(`DROP TABLE message_templates`);
    await db.query(`ALTER TABLE org_units DROP COLUMN address, DROP COLUMN phone`);
  }
}
