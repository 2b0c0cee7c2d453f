import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Branch evaluation reports (docs/evaluation-reports.md). When a campaign completes, and
 * on each checkpoint date of its plan, every participating branch gets one report of the
 * campaign's pinned form, its figures prefilled from tracking and budgets:
 *
 *   draft → submitted → returned → resubmitted → (returned …) → approved
 *
 * A report keeps the form version it was created with (the campaign's pinned one), the
 * system figure of every bound field beside the branch's answer, and the explanation
 * of each changed figure.
 */
export class EvaluationReports1765000100000 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE campaign_revisions
        ADD COLUMN evaluation_checkpoints date[] NOT NULL DEFAULT '{}',
        -- Days the branches have to file a report; EVALUATION_DUE_DAYS when null.
        ADD COLUMN evaluation_due_days integer CHECK (evaluation_due_days BETWEEN 1 AND 90)`);

    await db.query(`
      CREATE TABLE evaluation_reports (
        id               serial        PRIMARY KEY,
        campaign_id      integer       NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
        branch_id        integer       NOT NULL REFERENCES org_units(id),
        occasion         varchar(12)   NOT NULL CHECK (occasion IN ('completion','checkpoint')),
        -- The checkpoint's date, or the day the campaign completed.
        occasion_date    date          NOT NULL,
        due_date         date          NOT NULL,
        status           varchar(12)   NOT NULL DEFAULT 'draft'
                           CHECK (status IN ('draft','submitted','returned','resubmitted','approved')),
        -- The form version the campaign pinned at approval; versions never change once published.
        form_version_id  integer       NOT NULL REFERENCES evaluation_form_versions(id),
        answers          jsonb         NOT NULL DEFAULT '{}',
        -- Field key → the branch's system figure the field was prefilled with.
        system_values    jsonb         NOT NULL DEFAULT '{}',
        -- Field key → why the branch's answer differs from the system figure.
        explanations     jsonb         NOT NULL DEFAULT '{}',
        -- The last return: an overall comment and comments by field key.
        review_comment   varchar(2000),
        field_comments   jsonb         NOT NULL DEFAULT '{}',
        submitted_at     timestamptz,
        decided_at       timestamptz,
        decided_by       integer       REFERENCES users(id),
        created_at       timestamptz   NOT NULL DEFAULT now(),
        updated_at       timestamptz   NOT NULL DEFAULT now()
      )`);
    // One report per campaign, branch and occasion: creating them again finds them made.
    await db.query(`CREATE UNIQUE INDEX evaluation_reports_completion ON evaluation_reports (campaign_id, branch_id) WHERE occasion = 'completion'`);
    await db.query(`CREATE UNIQUE INDEX evaluation_reports_checkpoint ON evaluation_reports (campaign_id, branch_id, occasion_date) WHERE occasion = 'checkpoint'`);
    await db.query(`CREATE INDEX evaluation_reports_branch ON evaluation_reports (branch_id, status, due_date)`);
    // The daily reminder reads reports not yet filed, by due date.
    await db.query(`CREATE INDEX evaluation_reports_open ON evaluation_reports (due_date) WHERE status IN ('draft','returned')`);

    await db.query(`
      CREATE TABLE evaluation_report_history (
        id              bigserial     PRIMARY KEY,
        report_id       integer       NOT NULL REFERENCES evaluation_reports(id) ON DELETE CASCADE,
        from_status     varchar(12),
        to_status       varchar(12)   NOT NULL,
        actor_id        integer       REFERENCES users(id),
        comment         varchar(2000),
        field_comments  jsonb         NOT NULL DEFAULT '{}',
        at              timestamptz   NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX evaluation_report_history_report ON evaluation_report_history (report_id, id)`);

    // A reminder per overdue report and local day, so a second run of the job that day mails nobody.
    await db.query(`
      CREATE TABLE evaluation_report_reminders (
        report_id    integer      NOT NULL REFERENCES evaluation_reports(id) ON DELETE CASCADE,
        reminded_on  date         NOT NULL,
        recipients   integer      NOT NULL,
        sent_at      timestamptz  NOT NULL DEFAULT now(),
        PRIMARY KEY (report_id, reminded_on)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE evaluation_report_reminders');
    await db.query('DROP TABLE evaluation_report_history');
    await db.query('DROP TABLE evaluation_reports');
    await db.query('ALTER TABLE campaign_revisions DROP COLUMN evaluation_due_days, DROP COLUMN evaluation_checkpoints');
  }
}
