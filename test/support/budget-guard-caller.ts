/**
 * A launch worker in miniature, run as a separate process by budget-guard.spec.ts:
 * asks the budget guard for batches of one campaign until nothing more is granted,
 * settles each grant with a part of it "sent", and reports what it was granted.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@lib/database/data-source-options';
import { BudgetGuard, BudgetGrantRequest } from '@lib/budgets/budget-guard';

async function main(): Promise<void> {
  const [campaignId, branchId, stepId, unitCostFen, seed] = process.argv.slice(2).map(Number);
  const dataSource = await new DataSource(dataSourceOptions(process.env.DATABASE_URL as string, { extra: { max: 2 } })).initialize();
  const guard = new BudgetGuard(dataSource);
  let random = seed;
  const next = (limit: number) => {
    random = (random * 1103515245 + 12345) % 2147483648;
    return 1 + (random % limit);
  };
  let grantedFen = 0;
  let spentFen = 0;
  let batches = 0;
  for (;;) {
    const request: BudgetGrantRequest = { campaignId, branchId, channel: 'phone', stepId, contacts: next(40), unitCostFen };
    const grant = await guard.grant(request);
    if (grant.grantedContacts === 0) break;
    batches += 1;
    grantedFen += grant.amountFen;
    // Most batches send all they were granted; some fail part-way and give the rest back.
    const sent = batches % 3 === 0 ? grant.grantedContacts - next(grant.grantedContacts) + 1 : grant.grantedContacts;
    spentFen += (await guard.settle(grant.grantId as number, sent)).spentFen;
  }
  await dataSource.destroy();
  process.send?.({ batches, grantedFen, spentFen });
}

main().catch((error) => {
  process.send?.({ error: String(error?.stack ?? error) });
  process.exitCode = 1;
});
