import { Injectable } from '@nestjs/common';
import { DailyWorkChannel, DailyWorkGenerator } from '@lib/dispatch';

export interface CallListRound {
  /** New calls put on lists in this round. */
  listed: number;
  /** Step and branch lists of the day touched. */
  lists: number;
}

/**
 * A branch's call list of a day (docs/call-centre.md): the calls due at the participating
 * branch whose subtree holds the customer, within the seats booked there minus the calls
 * not yet worked from earlier days (a call with a callback or a retry is not done).
 */
const CALL_LISTS: DailyWorkChannel = {
  channel: 'phone',
  daysTable: 'call_list_days',
  workedAt: 'participating_branch',
  backlog: `SELECT count(*)::int FROM call_list_entries e WHERE e.step_id = $1 AND e.branch_id = x.branch_id AND e.state <> 'done'`,
  createWork: `INSERT INTO call_list_entries (contact_id, batch_id, campaign_id, step_id, branch_id, list_day, due_at)
               SELECT c.id, c.batch_id, $3, $1, c.branch_id, $2, $4 FROM chosen c JOIN queued q ON q.id = c.id
               RETURNING contact_id, branch_id, batch_id`,
  eventKey: 'call-list',
};

/** Turns the due contacts of running campaigns' phone steps into the day's call lists, through the shared daily-work generator. */
@Injectable()
export class CallListGenerator {
  constructor(private readonly work: DailyWorkGenerator) {}

  async generate(now = new Date()): Promise<CallListRound> {
    const round = await this.work.generate(CALL_LISTS, now);
    return { listed: round.added, lists: round.days };
  }
}
