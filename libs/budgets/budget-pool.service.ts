import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { OrgScope } from '@lib/auth';
import { ConflictError, Fen, ForbiddenError, formatYuan, NotFoundError, parseYuan, ValidationError } from '@lib/common';
import { addLine, fenOf, lockPool } from './budget-ledger';
import { insufficientPool } from './budget-errors';
import { CAMPAIGN_FIGURES_SQL, campaignFigures } from './campaign-figures';
import type { BudgetPoolDetailView, BudgetPoolView, SubPoolView } from './budget.view';

interface PoolRow {
  id: number;
  fiscal_year: number;
  org_unit_id: number;
  org_unit_name: string;
  parent_pool_id: number | null;
  received: string;
  allocated_out: string;
  reserved: string;
  committed: string;
  actual: string;
}

/** Each pool with its sums; allocations to and from the parent count as received, the others as passed on. */
const POOL_SQL = `
  SELECT p.id, p.fiscal_year, p.org_unit_id, u.name AS org_unit_name, p.parent_pool_id,
         COALESCE(sum(l.amount) FILTER (WHERE l.kind = 'funding'
                  OR (l.kind = 'allocation' AND l.related_pool_id = p.parent_pool_id)), 0)::text AS received,
         COALESCE(-sum(l.amount) FILTER (WHERE l.kind = 'allocation'
                  AND l.related_pool_id IS DISTINCT FROM p.parent_pool_id), 0)::text AS allocated_out,
         COALESCE(sum(l.amount) FILTER (WHERE l.kind = 'reservation'), 0)::text AS reserved,
         COALESCE(sum(l.amount) FILTER (WHERE l.kind = 'commitment'), 0)::text AS committed,
         COALESCE(sum(l.amount) FILTER (WHERE l.kind = 'spend'), 0)::text AS actual
  FROM budget_pools p
  JOIN org_units u ON u.id = p.org_unit_id
  LEFT JOIN budget_lines l ON l.pool_id = p.id`;

/**
 * Budget pools per fiscal year and org unit. A top pool is funded; a sub-pool gets its
 * money from the nearest pool above it, each allocation a movement of two ledger lines.
 * Money leaves a pool only by a user whose scope holds that pool's unit.
 */
@Injectable()
export class BudgetPoolService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(scope: OrgScope, fiscalYear?: number): Promise<BudgetPoolView[]> {
    const rows: PoolRow[] = await this.dataSource.query(
      `${POOL_SQL}
       WHERE u.path LIKE $1 AND ($2::int IS NULL OR p.fiscal_year = $2)
       GROUP BY p.id, u.name, u.path ORDER BY p.fiscal_year DESC, u.path`,
      [scope.pathPattern, fiscalYear ?? null],
    );
    return rows.map(toPoolView);
  }

  async get(scope: OrgScope, id: number): Promise<BudgetPoolDetailView> {
    const pool = await this.findView(this.dataSource.manager, scope, id);
    const subPools: SubPoolView[] = (
      await this.dataSource.query(
        `SELECT c.id, c.org_unit_id, u.name, COALESCE(sum(l.amount), 0)::text AS allocated
         FROM budget_pools c JOIN org_units u ON u.id = c.org_unit_id
         LEFT JOIN budget_lines l ON l.pool_id = c.id AND l.kind = 'allocation' AND l.related_pool_id = c.parent_pool_id
         WHERE c.parent_pool_id = $1 GROUP BY c.id, u.name, u.path ORDER BY u.path`,
        [id],
      )
    ).map((row: Record<string, any>) => ({
      poolId: row.id,
      orgUnitId: row.org_unit_id,
      orgUnitName: row.name,
      allocated: formatYuan(fenOf(row.allocated)),
    }));
    const campaigns = (await this.dataSource.query(`${CAMPAIGN_FIGURES_SQL} WHERE cb.pool_id = $1 ORDER BY cb.campaign_id`, [id])).map(
      (row: Record<string, any>) => ({ campaignId: row.campaign_id, owningUnitId: row.owning_unit_id, figures: campaignFigures(row as never) }),
    );
    return { ...pool, subPools, campaigns };
  }

  /**
   * Opens the pool of a unit for a year. Below an existing pool it is a sub-pool and its
   * amount is allocated from the nearest pool above; otherwise it is a top pool and the
   * amount is its funding.
   */
  async create(scope: OrgScope, actorId: number, body: { fiscalYear: number; orgUnitId: number; amount: string; note?: string }): Promise<BudgetPoolView> {
    const amountFen = yuanField(body.amount, 'amount');
    const id = await this.dataSource.transaction(async (manager) => {
      const [unit] = await manager.query(`SELECT id, path FROM org_units WHERE id = $1 AND path LIKE $2`, [body.orgUnitId, scope.pathPattern]);
      if (!unit) throw new ValidationError([{ field: 'orgUnitId', code: 'outside_scope_unit' }]);
      const [parent] = await manager.query(
        `SELECT p.id, u.path FROM budget_pools p JOIN org_units u ON u.id = p.org_unit_id
         WHERE p.fiscal_year = $1 AND $2 LIKE u.path || '%' AND u.id <> $3
         ORDER BY length(u.path) DESC LIMIT 1`,
        [body.fiscalYear, unit.path, unit.id],
      );
      if (parent && amountFen > 0 && !scope.includesPath(parent.path)) {
        throw new ForbiddenError('Only a user of the parent pool unit may allocate its money');
      }
      const [created] = await manager.query(
        `INSERT INTO budget_pools (fiscal_year, org_unit_id, parent_pool_id, created_by) VALUES ($1, $2, $3, $4)
         ON CONFLICT (fiscal_year, org_unit_id) DO NOTHING RETURNING id`,
        [body.fiscalYear, unit.id, parent?.id ?? null, actorId],
      );
      if (!created) {
        throw new ConflictError(`This unit already has a budget pool for ${body.fiscalYear}`, 'budget_pool_exists', { year: body.fiscalYear });
      }
      if (amountFen > 0) {
        if (parent) await this.move(manager, actorId, parent.id, created.id, amountFen, body.note ?? '');
        else await addLine(manager, { poolId: created.id, kind: 'funding', amountFen, note: body.note ?? '', createdBy: actorId });
      }
      return created.id as number;
    });
    return this.findView(this.dataSource.manager, scope, id);
  }

  /** Adds money to a top pool, or takes some back (a negative amount) as far as it is free. */
  async fund(scope: OrgScope, actorId: number, poolId: number, body: { amount: string; note?: string }): Promise<BudgetPoolView> {
    const amountFen = nonZero(yuanField(body.amount, 'amount'));
    await this.dataSource.transaction(async (manager) => {
      const pool = await this.findView(manager, scope, poolId);
      if (pool.parentPoolId !== null) throw new ConflictError('A sub-pool receives money only by allocation from its parent pool', 'budget_pool_not_top');
      const money = await lockPool(manager, poolId);
      if (-amountFen > money.remainingFen) throw insufficientPool(money.remainingFen, -amountFen);
      await addLine(manager, { poolId, kind: 'funding', amountFen, note: body.note ?? '', createdBy: actorId });
    });
    return this.findView(this.dataSource.manager, scope, poolId);
  }

  /** Allocates money from the parent pool to this sub-pool, or gives some back to it (a negative amount). */
  async allocate(scope: OrgScope, actorId: number, poolId: number, body: { amount: string; note?: string }): Promise<BudgetPoolView> {
    const amountFen = nonZero(yuanField(body.amount, 'amount'));
    await this.dataSource.transaction(async (manager) => {
      const pool = await this.findView(manager, scope, poolId);
      if (pool.parentPoolId === null) throw new ConflictError('A top pool has no parent pool to allocate from', 'budget_pool_not_top');
      const [parent] = await manager.query(
        `SELECT u.path FROM budget_pools p JOIN org_units u ON u.id = p.org_unit_id WHERE p.id = $1`,
        [pool.parentPoolId],
      );
      if (!scope.includesPath(parent.path)) throw new ForbiddenError('Only a user of the parent pool unit may allocate its money');
      await this.move(manager, actorId, pool.parentPoolId, poolId, amountFen, body.note ?? '');
    });
    return this.findView(this.dataSource.manager, scope, poolId);
  }

  /** Moves money from one pool to its sub-pool (negative: back), as two lines, both pools locked in id order. */
  private async move(manager: EntityManager, actorId: number, parentId: number, childId: number, amountFen: Fen, note: string): Promise<void> {
    const [first, second] = parentId < childId ? [parentId, childId] : [childId, parentId];
    const firstMoney = await lockPool(manager, first);
    const secondMoney = await lockPool(manager, second);
    const giver = amountFen > 0 ? parentId : childId;
    const giverMoney = giver === first ? firstMoney : secondMoney;
    if (Math.abs(amountFen) > giverMoney.remainingFen) throw insufficientPool(giverMoney.remainingFen, Math.abs(amountFen));
    await addLine(manager, { poolId: parentId, kind: 'allocation', amountFen: -amountFen, relatedPoolId: childId, note, createdBy: actorId });
    await addLine(manager, { poolId: childId, kind: 'allocation', amountFen, relatedPoolId: parentId, note, createdBy: actorId });
  }

  private async findView(manager: EntityManager, scope: OrgScope, id: number): Promise<BudgetPoolView> {
    const [row]: PoolRow[] = await manager.query(
      `${POOL_SQL} WHERE p.id = $1 AND u.path LIKE $2 GROUP BY p.id, u.name`,
      [id, scope.pathPattern],
    );
    if (!row) throw new NotFoundError('budget_pool', id);
    return toPoolView(row);
  }
}

function toPoolView(row: PoolRow): BudgetPoolView {
  const plannedFen = fenOf(row.received) - fenOf(row.allocated_out);
  const reservedFen = fenOf(row.reserved);
  return {
    id: row.id,
    fiscalYear: row.fiscal_year,
    orgUnitId: row.org_unit_id,
    orgUnitName: row.org_unit_name,
    parentPoolId: row.parent_pool_id,
    received: formatYuan(fenOf(row.received)),
    allocatedToSubPools: formatYuan(fenOf(row.allocated_out)),
    figures: {
      planned: formatYuan(plannedFen),
      reserved: formatYuan(reservedFen),
      committed: formatYuan(fenOf(row.committed)),
      actual: formatYuan(fenOf(row.actual)),
      remaining: formatYuan(plannedFen - reservedFen),
    },
  };
}

/** Fen of a yuan field the DTO already checked the form of; a 400 naming the field otherwise. */
export function yuanField(value: string, field: string): Fen {
  const fen = parseYuan(value);
  if (fen === null) throw new ValidationError([{ field, code: 'not_yuan' }]);
  return fen;
}

function nonZero(fen: Fen): Fen {
  if (fen === 0) throw new ValidationError([{ field: 'amount', code: 'not_yuan' }]);
  return fen;
}
