import { DataSource } from 'typeorm';
import { verifyPassword } from '@lib/auth';
import { loadConfig } from '@lib/config';
import { dataSourceOptions } from '@lib/database';
import { resetDatabase } from '../../test/support/fixtures';
import { generateDemoCustomers } from './demo-generator';
import { loadDemo, loadDemoOrg } from './demo-loader';
import { DEMO_PASSWORD } from './demo-logins';

const REFERENCE_DATE = '2026-03-15';
const SIZE = 2_000;

describe('loadDemo', () => {
  let db: DataSource;

  beforeAll(async () => {
    db = await new DataSource(dataSourceOptions(loadConfig().DATABASE_URL)).initialize();
    await resetDatabase(db);
  });

  afterAll(async () => {
    await db.destroy();
  });

  const count = async (sql: string): Promise<number> => Number((await db.query(sql))[0].count);

  it('loads the rows the generator gives, with consistent parents, and reports progress', async () => {
    const progress: number[] = [];
    const summary = await loadDemo(db, { customers: SIZE, seed: 7, referenceDate: REFERENCE_DATE, onProgress: (n) => progress.push(n) });

    const generated = [...generateDemoCustomers({ customers: SIZE, seed: 7, referenceDate: REFERENCE_DATE })];
    const policies = generated.flatMap((c) => c.policies);
    expect(summary).toMatchObject({
      customers: SIZE,
      policies: policies.length,
      claims: policies.flatMap((p) => p.claims).length,
      orgUnits: await count('SELECT count(*) FROM org_units'),
      users: await count('SELECT count(*) FROM users'),
      products: 7,
    });
    expect(await count('SELECT count(*) FROM customers')).toBe(SIZE);
    expect(await count('SELECT count(*) FROM policies')).toBe(summary.policies);
    expect(await count('SELECT count(*) FROM claims')).toBe(summary.claims);
    expect(progress.at(-1)).toBe(SIZE);

    const [first] = await db.query(`SELECT customer_no, id_number, name FROM customers ORDER BY id LIMIT 1`);
    expect(first).toEqual({ customer_no: generated[0].customerNo, id_number: generated[0].idNumber, name: generated[0].name });
    // A policy belongs to its customer's unit; a claim to its policy's customer; customers sit in county units.
    expect(await count(`SELECT count(*) FROM policies p JOIN customers c ON c.id = p.customer_id WHERE p.org_unit_id <> c.org_unit_id`)).toBe(0);
    expect(await count(`SELECT count(*) FROM claims l JOIN policies p ON p.id = l.policy_id WHERE l.customer_id <> p.customer_id`)).toBe(0);
    expect(await count(`SELECT count(*) FROM customers c JOIN org_units o ON o.id = c.org_unit_id WHERE o.level <> 4`)).toBe(0);
  });

  it('builds the org tree with materialised paths of ids', async () => {
    expect(await count(`SELECT count(*) FROM org_units c JOIN org_units p ON p.id = c.parent_id WHERE c.path <> p.path || c.id || '/'`)).toBe(0);
    expect(await count(`SELECT count(*) FROM org_units WHERE level = 3`)).toBe(13);
    const [jiangning] = await db.query(`SELECT o.path, p.name AS city FROM org_units o JOIN org_units p ON p.id = o.parent_id WHERE o.code = 'JS0108'`);
    expect(jiangning.city).toBe('南京分公司');
    expect(jiangning.path).toMatch(/^\/\d+\/\d+\/\d+\/\d+\/$/);
  });

  it('creates the demo logins with the demo password at their units', async () => {
    const users = await db.query(
      `SELECT u.username, u.roles, u.password_hash, o.code FROM users u JOIN org_units o ON o.id = u.org_unit_id
       WHERE u.username IN ('admin', 'exec.jiangning', 'exec.js13')`,
    );
    expect(users.map((u: { username: string; roles: string[]; code: string }) => [u.username, u.roles, u.code]).sort()).toEqual([
      ['admin', ['admin'], 'JS'],
      ['exec.jiangning', ['branch_executor'], 'JS0108'],
      ['exec.js13', ['branch_executor'], 'JS13'],
    ]);
    await expect(verifyPassword(DEMO_PASSWORD, users[0].password_hash)).resolves.toBe(true);
  });

  it('has active policies falling due for renewal in each of the next 12 months', async () => {
    const months = await db.query(
      `SELECT date_trunc('month', end_date) AS month, count(*)::int AS n FROM policies
       WHERE status = 'active' AND end_date >= $1::date AND end_date < $1::date + interval '12 months'
       GROUP BY 1 ORDER BY 1`,
      [REFERENCE_DATE],
    );
    expect(months.length).toBeGreaterThanOrEqual(12);
    expect(months.every((m: { n: number }) => m.n > 50)).toBe(true);
  });

  it('moves the id sequences past the loaded rows, so later inserts do not collide', async () => {
    const [row] = await db.query(
      `INSERT INTO customers (customer_no, name, org_unit_id) SELECT 'X1', '新客户', id FROM org_units WHERE code = 'JS0101' RETURNING id`,
    );
    expect(Number(row.id)).toBeGreaterThan(SIZE);
  });

  it('loads the org a second time without change, and refuses to load the same customers twice', async () => {
    const before = await count('SELECT count(*) FROM org_units');
    await expect(loadDemoOrg(db)).resolves.toMatchObject({ products: 7 });
    expect(await count('SELECT count(*) FROM org_units')).toBe(before);
    await expect(loadDemo(db, { customers: 10, seed: 7, referenceDate: REFERENCE_DATE })).rejects.toThrow(/duplicate key/);
    expect(await count('SELECT count(*) FROM customers')).toBe(SIZE + 1);
  });
});
