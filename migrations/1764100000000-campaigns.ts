import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Campaigns (gaps G1, G2, G8): a campaign with its life-cycle status, the plan as
 * numbered revisions (an approved revision is frozen; a change is a new revision),
 * the channel steps of each revision, the approvals each revision received, the
 * approval thresholds per org level, and an audit trail of every change. The
 * contacts table's campaign and step ids become real references.
 */
export class Campaigns1764100000000 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE SEQUENCE campaign_code_seq`);
    await db.query(`
      CREATE TABLE campaigns (
        id                    serial PRIMARY KEY,
        code                  varchar(32)  NOT NULL UNIQUE
                                DEFAULT 'CMP-' || lpad(nextval('campaign_code_seq')::text, 5, '0'),
        status                varchar(16)  NOT NULL DEFAULT 'draft' CHECK (status IN
                                ('draft','submitted','returned','approved','scheduled','running','paused','completed','closed','cancelled')),
        owner_id              integer      NOT NULL REFERENCES users(id),
        owning_org_unit_id    integer      NOT NULL REFERENCES org_units(id),
        -- Set once a revision is approved; null while the first plan is still a draft.
        approved_revision_id  integer,
        created_at            timestamptz  NOT NULL DEFAULT now(),
        updated_at            timestamptz  NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX campaigns_owning_unit ON campaigns (owning_org_unit_id)`);
    await db.query(`CREATE INDEX campaigns_status ON campaigns (status)`);

    // A draft may be incomplete (no dates, no budget): submitting checks it whole and
    // names every problem, so the columns allow what a half-written plan holds.
    await db.query(`
      CREATE TABLE campaign_revisions (
        id                      serial PRIMARY KEY,
        campaign_id             integer       NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
        number                  integer       NOT NULL CHECK (number >= 1),
        status                  varchar(16)   NOT NULL DEFAULT 'draft' CHECK (status IN
                                  ('draft','submitted','returned','approved','superseded','withdrawn')),
        name                    varchar(100)  NOT NULL,
        objective               varchar(16)   NOT NULL CHECK (objective IN ('cross_sell','retention','win_back','referral')),
        description             varchar(2000) NOT NULL DEFAULT '',
        start_date              date,
        end_date                date,
        include_segment_ids     integer[]     NOT NULL DEFAULT '{}',
        exclude_segment_ids     integer[]     NOT NULL DEFAULT '{}',
        bundle_id               integer       REFERENCES bundles(id),
        -- Percent of the audience held out as the control group; submit allows 0-50.
        control_share_pct       numeric(5,2)  NOT NULL DEFAULT 10 CHECK (control_share_pct BETWEEN 0 AND 100),
        priority                integer       NOT NULL DEFAULT 0,
        target_contacts         integer       CHECK (target_contacts >= 0),
        target_response_rate_pct numeric(5,2) CHECK (target_response_rate_pct BETWEEN 0 AND 100),
        target_conversions      integer       CHECK (target_conversions >= 0),
        target_premium          numeric(14,2) CHECK (target_premium >= 0),
        attribution_window_days integer       NOT NULL DEFAULT 30 CHECK (attribution_window_days BETWEEN 1 AND 365),
        -- The evaluation work defines forms; the plan keeps the reference now.
        evaluation_form_ref     varchar(100),
        budget                  numeric(14,2) CHECK (budget >= 0),
        branch_ids              integer[]     NOT NULL DEFAULT '{}',
        -- Each submission is a new round of approvals; approvals of earlier rounds stay as history.
        review_round            integer       NOT NULL DEFAULT 0,
        created_by              integer       NOT NULL REFERENCES users(id),
        created_at              timestamptz   NOT NULL DEFAULT now(),
        updated_at              timestamptz   NOT NULL DEFAULT now(),
        UNIQUE (campaign_id, number)
      )`);
    // At most one revision of a campaign is being worked on or reviewed at a time.
    await db.query(`
      CREATE UNIQUE INDEX campaign_revisions_one_open ON campaign_revisions (campaign_id)
      WHERE status IN ('draft','submitted','returned')`);
    await db.query(`
      ALTER TABLE campaigns ADD CONSTRAINT campaigns_approved_revision
        FOREIGN KEY (approved_revision_id) REFERENCES campaign_revisions(id)`);

    await db.query(`
      CREATE TABLE campaign_steps (
        id                 serial PRIMARY KEY,
        revision_id        integer       NOT NULL REFERENCES campaign_revisions(id) ON DELETE CASCADE,
        position           integer       NOT NULL CHECK (position >= 1),
        channel            varchar(16)   NOT NULL CHECK (channel IN ('email','phone','web','agent_visit')),
        -- The channel work defines templates; the step keeps the reference now.
        template_ref       varchar(100),
        -- When the step starts: days after the campaign start, or a date.
        start_offset_days  integer       CHECK (start_offset_days >= 0),
        start_date         date,
        -- ISO days of the week, 1 = Monday.
        days_of_week       smallint[]    NOT NULL DEFAULT '{1,2,3,4,5,6,7}',
        window_start       time,
        window_end         time,
        cost_per_contact   numeric(14,2) NOT NULL DEFAULT 0 CHECK (cost_per_contact >= 0),
        daily_capacity     integer       CHECK (daily_capacity >= 0),
        branch_ids         integer[]     NOT NULL DEFAULT '{}',
        UNIQUE (revision_id, position),
        CHECK (start_offset_days IS NULL OR start_date IS NULL)
      )`);

    await db.query(`
      CREATE TABLE campaign_approvals (
        id              serial PRIMARY KEY,
        revision_id     integer      NOT NULL REFERENCES campaign_revisions(id) ON DELETE CASCADE,
        review_round    integer      NOT NULL,
        -- The org level whose approval this is: 3 city, 2 province, 1 head office.
        org_level       smallint     NOT NULL CHECK (org_level BETWEEN 1 AND 3),
        decision        varchar(8)   NOT NULL CHECK (decision IN ('approved','returned')),
        decided_by      integer      NOT NULL REFERENCES users(id),
        decided_at      timestamptz  NOT NULL DEFAULT now(),
        comment         varchar(2000) NOT NULL DEFAULT '',
        -- [{field, comment}]: a return may point at fields of the plan.
        field_comments  jsonb        NOT NULL DEFAULT '[]',
        UNIQUE (revision_id, review_round, org_level)
      )`);

    // Thresholds apply to the whole province and are set there; null = no upper limit.
    // A level without a row uses the default in approval-thresholds.ts.
    await db.query(`
      CREATE TABLE approval_thresholds (
        org_level   smallint      PRIMARY KEY CHECK (org_level BETWEEN 1 AND 3),
        max_amount  numeric(14,2) CHECK (max_amount >= 0),
        updated_by  integer       REFERENCES users(id),
        updated_at  timestamptz   NOT NULL DEFAULT now()
      )`);

    await db.query(`
      CREATE TABLE campaign_audit (
        id           bigserial PRIMARY KEY,
        campaign_id  integer      NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
        revision_id  integer      REFERENCES campaign_revisions(id) ON DELETE CASCADE,
        -- Null for changes the system makes (the launch workers).
        actor_id     integer      REFERENCES users(id),
        at           timestamptz  NOT NULL DEFAULT now(),
        action       varchar(32)  NOT NULL,
        field        varchar(100),
        before       jsonb,
        after        jsonb,
        comment      varchar(2000)
      )`);
    await db.query(`CREATE INDEX campaign_audit_timeline ON campaign_audit (campaign_id, at, id)`);

    await db.query(`ALTER TABLE contacts ADD CONSTRAINT contacts_campaign FOREIGN KEY (campaign_id) REFERENCES campaigns(id)`);
    await db.query(`ALTER TABLE contacts ADD CONSTRAINT contacts_step FOREIGN KEY (step_id) REFERENCES campaign_steps(id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE contacts DROP CONSTRAINT contacts_step, DROP CONSTRAINT contacts_campaign`);
    for (const table of ['campaign_audit', 'approval_thresholds', 'campaign_approvals', 'campaign_steps']) {
      await db.query(`DROP TABLE ${table}`);
    }
    await db.query(`ALTER TABLE campaigns DROP CONSTRAINT campaigns_approved_revision`);
    await db.query(`DROP TABLE campaign_revisions`);
    await db.query(`DROP TABLE campaigns`);
    await db.query(`DROP SEQUENCE campaign_code_seq`);
  }
}
