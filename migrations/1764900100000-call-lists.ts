import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Call lists (docs/call-centre.md). A phone step's due contacts go onto the call list
 * of their branch for the day — the day's list is a dispatch batch of channel 'phone' —
 * and each becomes a call-list entry that agents take one at a time:
 *
 *   waiting → with_agent → waiting (no answer, busy: a later slot; callback: its time, its agent)
 *                        ↘ done (a final disposition, or the attempts used up)
 *
 * The contact's own status moves with it: queued while waiting, sending while with an agent.
 */
export class CallLists1764900100000 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE users DROP CONSTRAINT users_roles_check`);
    await db.query(`
      ALTER TABLE users ADD CONSTRAINT users_roles_check CHECK (cardinality(roles) > 0 AND roles <@ ARRAY[
        'admin','campaign_manager','segment_manager','channel_manager','branch_executor','reviewer','analyst','call_agent']::text[])`);
    await db.query(`
      CREATE TABLE call_list_entries (
        contact_id         bigint       PRIMARY KEY,
        batch_id           bigint       NOT NULL REFERENCES dispatch_batches(id),
        campaign_id        integer      NOT NULL REFERENCES campaigns(id),
        step_id            integer      NOT NULL REFERENCES campaign_steps(id),
        branch_id          integer      NOT NULL REFERENCES org_units(id),
        list_day           date         NOT NULL,
        state              varchar(12)  NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting','with_agent','done')),
        -- Not handed out before: the list's day, the next slot after no answer or busy, a callback's time.
        due_at             timestamptz  NOT NULL,
        -- A callback returns to the agent who agreed it.
        callback_agent_id  integer      REFERENCES users(id),
        agent_id           integer      REFERENCES users(id),
        handed_out_at      timestamptz,
        calls              smallint     NOT NULL DEFAULT 0,
        disposition        varchar(20)  CHECK (disposition IN
          ('no_answer','busy','wrong_number','callback','not_interested','interested','converted','do_not_call_again')),
        policy_no          varchar(40),
        note               varchar(500),
        worked_at          timestamptz
      )`);
    // Next call: the waiting entries of a branch in the order they are due.
    await db.query(`CREATE INDEX call_list_entries_waiting ON call_list_entries (branch_id, due_at, contact_id) WHERE state = 'waiting'`);
    await db.query(`CREATE INDEX call_list_entries_agent ON call_list_entries (agent_id) WHERE state = 'with_agent'`);
    await db.query(`CREATE INDEX call_list_entries_callbacks ON call_list_entries (callback_agent_id, due_at) WHERE state = 'waiting' AND callback_agent_id IS NOT NULL`);
    await db.query(`CREATE INDEX call_list_entries_open ON call_list_entries (step_id, branch_id) WHERE state <> 'done'`);

    // A step's list at a branch on a day: the seats booked, the calls carried over from earlier days, the new calls added.
    await db.query(`
      CREATE TABLE call_list_days (
        step_id        integer   NOT NULL REFERENCES campaign_steps(id) ON DELETE CASCADE,
        branch_id      integer   NOT NULL REFERENCES org_units(id),
        day            date      NOT NULL,
        batch_id       bigint    NOT NULL REFERENCES dispatch_batches(id),
        -- Null: no seat capacity booked or set, not limited.
        capacity       integer,
        carried_over   integer   NOT NULL,
        added          integer   NOT NULL DEFAULT 0,
        PRIMARY KEY (step_id, branch_id, day)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE call_list_days`);
    await db.query(`DROP TABLE call_list_entries`);
    // Before call agents, branch executors worked the call lists.
    await db.query(`UPDATE users SET roles = array_replace(roles, 'call_agent', 'branch_executor') WHERE 'call_agent' = ANY(roles)`);
    await db.query(`UPDATE users SET roles = ARRAY(SELECT DISTINCT unnest(roles)) WHERE 'branch_executor' = ANY(roles)`);
    await db.query(`ALTER TABLE users DROP CONSTRAINT users_roles_check`);
    await db.query(`
      ALTER TABLE users ADD CONSTRAINT users_roles_check CHECK (cardinality(roles) > 0 AND roles <@ ARRAY[
        'admin','campaign_manager','segment_manager','channel_manager','branch_executor','reviewer','analyst']::text[])`);
  }
}
