import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Field tasks (docs/field-tasks.md). An agent_visit step's due contacts become visit
 * tasks of the customer's owning county branch, within the visits booked for the step
 * at that branch and day; the day's tasks of a branch are a dispatch batch of channel
 * 'agent_visit'. A branch executor assigns each task to an agent of the branch, who
 * records its outcome:
 *
 *   open (agent_id null or set) → done (an outcome) | skipped (the contact rules at the visit)
 *
 * The contact's own status moves with it: queued while open, visited or failed when done.
 */
export class FieldTasks1764900200000 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE field_tasks (
        contact_id   bigint        PRIMARY KEY,
        batch_id     bigint        NOT NULL REFERENCES dispatch_batches(id),
        campaign_id  integer       NOT NULL REFERENCES campaigns(id),
        step_id      integer       NOT NULL REFERENCES campaign_steps(id),
        branch_id    integer       NOT NULL REFERENCES org_units(id),
        -- The day whose booked visits the task takes; the visit is due by then.
        due_date     date          NOT NULL,
        state        varchar(8)    NOT NULL DEFAULT 'open' CHECK (state IN ('open','done','skipped')),
        agent_id     integer       REFERENCES users(id),
        assigned_at  timestamptz,
        outcome      varchar(12)   CHECK (outcome IN ('visited','quoted','sold','declined','unreachable')),
        skip_reason  varchar(40),
        policy_no    varchar(40),
        premium      numeric(14,2),
        note         varchar(500),
        worked_at    timestamptz,
        created_at   timestamptz   NOT NULL DEFAULT now(),
        CHECK (outcome <> 'sold' OR (policy_no IS NOT NULL AND premium IS NOT NULL)),
        CHECK ((state = 'done') = (outcome IS NOT NULL))
      )`);
    // The board: a branch's tasks by due date; an agent's tasks.
    await db.query(`CREATE INDEX field_tasks_branch ON field_tasks (branch_id, due_date, contact_id)`);
    await db.query(`CREATE INDEX field_tasks_agent ON field_tasks (agent_id, due_date) WHERE state = 'open'`);
    await db.query(`CREATE INDEX field_tasks_open ON field_tasks (step_id, branch_id) WHERE state = 'open'`);
    // A sold visit waits here for its policy when the policy is not imported yet.
    await db.query(`CREATE INDEX field_tasks_policy ON field_tasks (policy_no) WHERE outcome = 'sold'`);

    // A step's tasks at a branch on a day: the visits booked, the open tasks carried over, the new tasks added.
    await db.query(`
      CREATE TABLE field_task_days (
        step_id        integer   NOT NULL REFERENCES campaign_steps(id) ON DELETE CASCADE,
        branch_id      integer   NOT NULL REFERENCES org_units(id),
        day            date      NOT NULL,
        batch_id       bigint    NOT NULL REFERENCES dispatch_batches(id),
        -- Null: no visit capacity booked or set, not limited.
        capacity       integer,
        carried_over   integer   NOT NULL,
        added          integer   NOT NULL DEFAULT 0,
        PRIMARY KEY (step_id, branch_id, day)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE field_task_days`);
    await db.query(`DROP TABLE field_tasks`);
  }
}
