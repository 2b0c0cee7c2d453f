import { DataSource } from 'typeorm';
import { OrgScope } from '@lib/auth';
import { formatYuan } from '@lib/common';
import { BudgetPoolService } from './budget-pool.service';

/** The demo province's marketing budget for a year, in fen (¥8,000,000). */
const PROVINCE_BUDGET_FEN = 800_000_000;
/** The share of it passed on to the cities' pools; the province keeps the rest for its own campaigns. */
const CITY_SHARE = 0.6;
/** What a city passes on to each of its two largest counties, in fen (¥150,000). */
const COUNTY_POOL_FEN = 15_000_000;

/**
 * The demo's budget pools for a fiscal year, opened by the province reviewer through the
 * same service the API uses: the province pool, a sub-pool for every city in proportion
 * to its customers, and sub-pools for Nanjing's two largest counties. Returns the number
 * of pools opened. Each pool is opened once: a second run opens only those a broken
 * first run did not, so the seed can simply be run again.
 */
export async function seedDemoBudgets(dataSource: DataSource, fiscalYear: number, reviewerUsername = 'reviewer.province'): Promise<number> {
  const [reviewer] = await dataSource.query(
    `SELECT u.id, o.id AS unit_id, o.path FROM users u JOIN org_units o ON o.id = u.org_unit_id WHERE u.username = $1`,
    [reviewerUsername],
  );
  if (!reviewer) return 0;
  const scope = new OrgScope(reviewer.unit_id, reviewer.path);
  const service = new BudgetPoolService(dataSource);
  const opened: number[] = (await dataSource.query(`SELECT org_unit_id FROM budget_pools WHERE fiscal_year = $1`, [fiscalYear])).map(
    (row: { org_unit_id: number }) => row.org_unit_id,
  );
  const before = opened.length;
  const open = async (orgUnitId: number, amountFen: number, note: string) => {
    if (opened.includes(orgUnitId)) return;
    await service.create(scope, reviewer.id, { fiscalYear, orgUnitId, amount: formatYuan(amountFen), note });
    opened.push(orgUnitId);
  };
  await open(reviewer.unit_id, PROVINCE_BUDGET_FEN, `${fiscalYear} 年度营销预算`);
  const cities: { id: number; customers: number }[] = await dataSource.query(
    `SELECT c.id, (SELECT count(*)::int FROM customers k JOIN org_units u ON u.id = k.org_unit_id WHERE u.path LIKE c.path || '%') AS customers
     FROM org_units c WHERE c.parent_id = $1 ORDER BY c.path`,
    [reviewer.unit_id],
  );
  const allCustomers = Math.max(1, cities.reduce((sum, city) => sum + city.customers, 0));
  for (const city of cities) {
    // Whole ten-thousands of yuan, so the demo's figures read like a real budget.
    const amountFen = Math.floor((PROVINCE_BUDGET_FEN * CITY_SHARE * city.customers) / allCustomers / 1_000_000) * 1_000_000;
    if (amountFen > 0) await open(city.id, amountFen, '按客户规模分配');
  }
  const counties: { id: number }[] = await dataSource.query(
    `SELECT u.id FROM org_units u JOIN org_units city ON city.id = u.parent_id
     WHERE city.code = 'JS01' ORDER BY (SELECT count(*) FROM customers k WHERE k.org_unit_id = u.id) DESC, u.path LIMIT 2`,
  );
  for (const county of counties) await open(county.id, COUNTY_POOL_FEN, '重点支公司');
  return opened.length - before;
}
