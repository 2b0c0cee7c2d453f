import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { loadConfig } from '@lib/config';
import { dataSourceOptions } from '@lib/database';
import { DEFAULT_DEMO_SEED, DEMO_LOGINS, loadDemo, todayIsoDate } from '@lib/demo';

/**
 * Loads the demo province once: `node dist/scripts/seed-demo.js [--customers 100000]
 * [--seed 42] [--force]`. A database that already has org units is left alone unless
 * --force is given, which empties every table first.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      customers: { type: 'string', default: '100000' },
      seed: { type: 'string', default: String(DEFAULT_DEMO_SEED) },
      force: { type: 'boolean', default: false },
    },
  });
  const customers = wholeNumber('--customers', values.customers);
  const seed = wholeNumber('--seed', values.seed);
  const config = loadConfig();
  const dataSource = new DataSource(dataSourceOptions(config.DATABASE_URL, { logging: ['error'] }));
  await dataSource.initialize();
  try {
    const [{ loaded }] = await dataSource.query('SELECT EXISTS (SELECT 1 FROM org_units) AS loaded');
    if (loaded && !values.force) {
      console.log('[seed] demo data already loaded (use --force to empty the database and load it again)');
      return;
    }
    if (loaded) await emptyDatabase(dataSource);
    console.log(`[seed] loading the demo province with ${customers.toLocaleString('en')} customers (seed ${seed})`);
    let lastShown = 0;
    const summary = await loadDemo(dataSource, {
      customers,
      seed,
      referenceDate: todayIsoDate(),
      onProgress: (done) => {
        if (done === lastShown || (done - lastShown < customers / 10 && done < customers)) return;
        lastShown = done;
        console.log(`[seed] ${Math.round((done / Math.max(customers, 1)) * 100)}%`);
      },
    });
    console.log(
      `[seed] loaded ${summary.orgUnits} org units, ${summary.users} users, ${summary.products} products, ` +
        `${summary.customers} customers, ${summary.policies} policies, ${summary.claims} claims in ${summary.seconds} s`,
    );
    printLogins();
  } finally {
    await dataSource.destroy();
  }
}

function wholeNumber(flag: string, text: string | undefined): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${flag} must be a whole number, not ${text}`);
  return value;
}

async function emptyDatabase(dataSource: DataSource): Promise<void> {
  const tables: { tablename: string }[] = await dataSource.query(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations'`,
  );
  await dataSource.query(`TRUNCATE ${tables.map((t) => `"${t.tablename}"`).join(', ')} RESTART IDENTITY CASCADE`);
  console.log(`[seed] --force: emptied ${tables.length} tables`);
}

function printLogins(): void {
  console.log('[seed] demo logins (docs/demo-data.md lists every demo user):');
  console.table(DEMO_LOGINS.map(({ username, role, unit, password }) => ({ username, role, unit, password })));
}

main().catch((err) => {
  console.error(`[seed] ${err.message}`);
  process.exit(1);
});
