import { Injectable } from '@nestjs/common';
import { DailyWorkChannel, DailyWorkGenerator } from '@lib/dispatch';

export interface FieldTaskRound {
  /** New tasks created in this round. */
  created: number;
  /** Step and branch days touched. */
  days: number;
}

/**
 * A county branch's visit tasks of a day (docs/field-tasks.md): the visits due to the
 * customers the branch owns, within the visits booked there minus the tasks still open
 * from earlier days.
 */
const VISIT_TASKS: DailyWorkChannel = {
  channel: 'agent_visit',
  daysTable: 'field_task_days',
  workedAt: 'customer_unit',
  backlog: `SELECT count(*)::int FROM field_tasks t WHERE t.step_id = $1 AND t.branch_id = x.branch_id AND t.state = 'open'`,
  createWork: `INSERT INTO field_tasks (contact_id, batch_id, campaign_id, step_id, branch_id, due_date)
               SELECT c.id, c.batch_id, $3, $1, c.branch_id, $2 FROM chosen c JOIN queued q ON q.id = c.id
               RETURNING contact_id, branch_id, batch_id`,
  eventKey: 'field-tasks',
};

/** Turns the due contacts of running campaigns' agent_visit steps into the day's visit tasks, through the shared daily-work generator. */
@Injectable()
export class FieldTaskGenerator {
  constructor(private readonly work: DailyWorkGenerator) {}

  async generate(now = new Date()): Promise<FieldTaskRound> {
    const round = await this.work.generate(VISIT_TASKS, now);
    return { created: round.added, days: round.days };
  }
}
