import { Client } from 'pg';
import { DataSource, DataSourceOptions } from 'typeorm';
import { loadConfig } from '@lib/config';
import { dataSourceOptions } from '@lib/database';
import { loadDemo } from '@lib/demo';

/** Every benchmark that reuses a loaded demo loads the same one. */
const DEMO_SEED = 7;

export interface BenchDatabaseOptions {
  /** The benchmark's own database on the server of DATABASE_URL; BENCH_DATABASE_URL, when set, names another. */
  database: string;
  /** Entities the benchmark reads through repositories. */
  entities: DataSourceOptions['entities'];
  /** Extra data the benchmark needs, written once right after the demo is loaded. */
  afterLoad?: (dataSource: DataSource) => Promise<void>;
}

export interface BenchDatabase {
  dataSource: DataSource;
  /** Where the database is, for processes the benchmark starts. */
  url: string;
  customers: number;
  policies: number;
}

/** Customers to load: `--customers N`, else BENCH_CUSTOMERS, else 1,000,000. */
export function benchCustomers(): number {
  const at = process.argv.indexOf('--customers');
  return Number((at > 0 ? process.argv[at + 1] : undefined) ?? process.env.BENCH_CUSTOMERS ?? 1_000_000);
}

/**
 * Opens the benchmark's database, creating and migrating it, and loads the demo
 * province with `customers` customers the first time; later runs reuse the data.
 * The caller destroys the data source.
 */
export async function openBenchDatabase(name: string, customers: number, options: BenchDatabaseOptions): Promise<BenchDatabase> {
  const url = new URL(process.env.BENCH_DATABASE_URL ?? loadConfig().DATABASE_URL);
  if (!process.env.BENCH_DATABASE_URL) url.pathname = `/${options.database}`;
  const database = url.pathname.slice(1);
  await ensureDatabase(url, database);
  const dataSource = new DataSource(dataSourceOptions(url.toString(), { entities: options.entities, logging: ['error'] }));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
    await ensureDemo(name, dataSource, database, customers, options.afterLoad);
    const [{ policies }] = await dataSource.query('SELECT count(*)::int AS policies FROM policies');
    return { dataSource, url: url.toString(), customers, policies };
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
}

async function ensureDatabase(url: URL, database: string): Promise<void> {
  const admin = new URL(url.toString());
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE ${database}`);
  } finally {
    await client.end();
  }
}

async function ensureDemo(
  name: string,
  dataSource: DataSource,
  database: string,
  customers: number,
  afterLoad: BenchDatabaseOptions['afterLoad'],
): Promise<void> {
  // The catalogue is too small for autovacuum ever to analyze it; without statistics the
  // planner misjudges "policies of a line" (databases loaded before the demo analyzed it).
  await dataSource.query('ANALYZE products, org_units');
  const [{ n }] = await dataSource.query('SELECT count(*)::int AS n FROM customers');
  if (n === customers) return;
  if (n > 0) throw new Error(`${database} holds ${n} customers, not ${customers}: drop it to reload`);
  console.log(`[${name}] loading ${customers.toLocaleString('en')} demo customers into ${database}`);
  const summary = await loadDemo(dataSource, { customers, seed: DEMO_SEED });
  console.log(`[${name}] loaded ${summary.customers} customers, ${summary.policies} policies, ${summary.claims} claims in ${summary.seconds} s`);
  await afterLoad?.(dataSource);
  await dataSource.query('VACUUM ANALYZE customers');
}

/** A month of contacts for a fifth of the customers, so that frequency caps have something to count. */
export async function addContactHistory(dataSource: DataSource): Promise<void> {
  await dataSource.query(`
    INSERT INTO contacts (customer_id, channel, org_unit_id, contacted_at, status)
    SELECT id, (ARRAY['phone','email','sms'])[1 + id % 3], org_unit_id, now() - (id % 30) * interval '1 day', 'delivered'
    FROM customers WHERE id % 5 = 0`);
  await dataSource.query('ANALYZE contacts');
}
