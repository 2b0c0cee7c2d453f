import { DataSource } from 'typeorm';
import { DailyWorkGenerator } from '@lib/dispatch';
import { FieldTaskGenerator } from './field-task-generator';

export interface DemoFieldTasks {
  created: number;
  assigned: number;
  overdue: number;
}

/** Tasks a county's executor has in hand in the demo; the rest wait on the board to be assigned. */
const ASSIGNED_PER_COUNTY = 2;

/**
 * The running demo campaign's visit tasks of today, as the worker's round makes them,
 * then some of them in the counties' hands (docs/demo-data.md): the first tasks of each
 * county assigned to its executor (exec.jiangning, exec.pukou …), and one of those of
 * `overdueIn` (Jiangning) assigned a day ago and not visited, so it shows overdue.
 */
export async function seedDemoFieldTasks(dataSource: DataSource, work: DailyWorkGenerator, overdueIn = 'JS0108', now = new Date()): Promise<DemoFieldTasks> {
  const { created } = await new FieldTaskGenerator(work).generate(now);
  return dataSource.transaction(async (manager) => {
    // An UPDATE answers [rows, affected count].
    const [assigned]: [{ contact_id: string; branch_code: string }[]] = await manager.query(
      `WITH ranked AS (
         SELECT t.contact_id, t.branch_id, row_number() OVER (PARTITION BY t.branch_id ORDER BY t.contact_id) AS n
           FROM field_tasks t JOIN campaigns c ON c.id = t.campaign_id AND c.status = 'running'
          WHERE t.state = 'open' AND t.agent_id IS NULL
       ), agents AS (
         -- The county's executor among the demo logins (exec.jiangning) before its marketing officer (exec.<code>).
         SELECT DISTINCT ON (u.org_unit_id) u.org_unit_id, u.id
           FROM users u JOIN org_units o ON o.id = u.org_unit_id
          WHERE u.active AND 'branch_executor' = ANY(u.roles) AND o.level = 4
          ORDER BY u.org_unit_id, u.username = 'exec.' || lower(o.code), u.username
       )
       UPDATE field_tasks t SET agent_id = a.id, assigned_at = $2
         FROM ranked r JOIN agents a ON a.org_unit_id = r.branch_id
        WHERE t.contact_id = r.contact_id AND r.n <= $1
       RETURNING t.contact_id, (SELECT code FROM org_units WHERE id = t.branch_id) AS branch_code`,
      [ASSIGNED_PER_COUNTY, now],
    );
    const [late] = assigned.filter((task) => task.branch_code === overdueIn).sort((a, b) => Number(a.contact_id) - Number(b.contact_id));
    if (late) {
      await manager.query(
        `UPDATE field_tasks SET due_date = due_date - 1, assigned_at = assigned_at - interval '1 day' WHERE contact_id = $1`,
        [late.contact_id],
      );
    }
    return { created, assigned: assigned.length, overdue: late ? 1 : 0 };
  });
}
