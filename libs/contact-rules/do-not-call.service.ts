import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { OrgScope } from '@lib/auth';
import { NotFoundError, Page, PageQuery, ValidationError } from '@lib/common';
import { ContactPolicy } from './contact-policy.entity';
import { ContactPolicyService } from './contact-policy.service';
import { AddDoNotCallBody } from './do-not-call.dto';
import type { DoNotCallEntry } from './do-not-call.view';
import { DoNotCall } from './do-not-call.entity';

export const REFUSAL_REASON = 'refused_on_call';

/** Customers who must not be phoned: after a refusal on a call, or put there by hand. */
@Injectable()
export class DoNotCallService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policies: ContactPolicyService,
  ) {}

  /** Entries still in force, newest first. */
  async list(scope: OrgScope, query: PageQuery): Promise<Page<DoNotCallEntry>> {
    const rows: (DoNotCallEntry & { total: number })[] = await this.dataSource.query(
      `SELECT d.customer_id::int AS "customerId", c.customer_no AS "customerNo", c.name, d.reason, d.since, d.until,
              count(*) OVER ()::int AS total
         FROM do_not_call d JOIN customers c ON c.id = d.customer_id
        WHERE ${scope.unitCondition('c.org_unit_id', 1)} AND (d.until IS NULL OR d.until > now())
        ORDER BY d.since DESC, d.customer_id
        LIMIT $2 OFFSET $3`,
      [scope.pathPattern, query.pageSize, (query.page - 1) * query.pageSize],
    );
    return {
      items: rows.map(({ total: _total, ...entry }) => entry),
      total: rows[0]?.total ?? 0,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  async add(scope: OrgScope, body: AddDoNotCallBody, userId: number): Promise<DoNotCallEntry> {
    if (body.until !== undefined && Date.parse(body.until) <= Date.now()) {
      throw new ValidationError([{ field: 'until', code: 'not_in_future' }]);
    }
    await this.assertCustomerInScope(scope, body.customerId);
    await this.dataSource.query(
      `INSERT INTO do_not_call (customer_id, reason, since, until, created_by) VALUES ($1, $2, now(), $3, $4)
       ON CONFLICT (customer_id) DO UPDATE
         SET reason = EXCLUDED.reason, since = EXCLUDED.since, until = EXCLUDED.until, created_by = EXCLUDED.created_by`,
      [body.customerId, body.reason, body.until ?? null, userId],
    );
    return this.entry(body.customerId);
  }

  async remove(scope: OrgScope, customerId: number): Promise<void> {
    await this.assertCustomerInScope(scope, customerId);
    const { affected } = await this.dataSource.getRepository(DoNotCall).delete({ customerId: String(customerId) });
    if (!affected) throw new NotFoundError('do_not_call_entry', customerId);
  }

  /**
   * A customer refused on a call: no calls from `at` for six calendar months or the default
   * policy's refusal block, whichever is longer (180 days fall short of six months). A longer
   * block already in place is kept. In the caller's transaction when it gives one, with
   * the default policy the caller loaded before it.
   */
  async recordRefusal(customerId: number, at: Date = new Date(), manager?: EntityManager, policy?: ContactPolicy): Promise<void> {
    const { refusalBlockDays } = policy ?? (await this.policies.loadDefault());
    await (manager ?? this.dataSource).query(
      `INSERT INTO do_not_call (customer_id, reason, since, until)
       VALUES ($1, $2, $3, greatest($3::timestamptz + interval '6 months', $3::timestamptz + make_interval(days => $4)))
       ON CONFLICT (customer_id) DO UPDATE
         SET until = CASE WHEN do_not_call.until IS NULL THEN NULL ELSE greatest(do_not_call.until, EXCLUDED.until) END,
             reason = CASE WHEN do_not_call.until IS NULL OR do_not_call.until >= EXCLUDED.until
                           THEN do_not_call.reason ELSE EXCLUDED.reason END,
             since = CASE WHEN do_not_call.until <= EXCLUDED.since THEN EXCLUDED.since ELSE do_not_call.since END`,
      [customerId, REFUSAL_REASON, at, refusalBlockDays],
    );
  }

  private async entry(customerId: number): Promise<DoNotCallEntry> {
    const [row] = await this.dataSource.query(
      `SELECT d.customer_id::int AS "customerId", c.customer_no AS "customerNo", c.name, d.reason, d.since, d.until
         FROM do_not_call d JOIN customers c ON c.id = d.customer_id WHERE d.customer_id = $1`,
      [customerId],
    );
    return row;
  }

  private async assertCustomerInScope(scope: OrgScope, customerId: number): Promise<void> {
    const [found] = await this.dataSource.query(
      `SELECT 1 FROM customers c WHERE c.id = $1 AND ${scope.unitCondition('c.org_unit_id', 2)}`,
      [customerId, scope.pathPattern],
    );
    if (!found) throw new NotFoundError('customer', customerId);
  }
}
