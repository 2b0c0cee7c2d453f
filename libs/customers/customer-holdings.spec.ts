import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { createCustomer, createFixtureOrg, createPolicy, createProducts, FixtureOrg, resetState } from '../../test/support/fixtures';
import { startApi } from '../../test/support/test-app';

/**
 * The holdings summary on each customer row (migrations/1763856600000-customer-holdings.ts)
 * follows every change to policies and to product lines, in the same statement.
 */
describe('customer holdings summary', () => {
  let app: NestFastifyApplication;
  let db: DataSource;
  let org: FixtureOrg;

  interface Summary {
    lines: string[];
    count: number;
    premium: string;
    first: string | null;
  }

  async function summaryOf(customerId: number): Promise<Summary> {
    const [row] = await db.query(
      `SELECT ARRAY(SELECT l FROM unnest(ARRAY['motor_compulsory','motor_commercial','home','accident','health','travel','liability']) l
                     WHERE c.active_lines & product_line_bit(l) <> 0 ORDER BY l) AS lines,
              active_policy_count AS count, active_premium AS premium, to_char(first_policy_start, 'YYYY-MM-DD') AS first
         FROM customers c WHERE id = $1`,
      [customerId],
    );
    return row;
  }

  beforeAll(async () => {
    app = await startApi();
    db = await resetState(app);
    org = await createFixtureOrg(db);
    await createProducts(db);
  });

  afterAll(async () => {
    await app.close();
  });

  it('starts empty and counts active policies, their lines and premium, and the first start of a policy that is not pending', async () => {
    const customer = await createCustomer(db, org.countyA1);
    await expect(summaryOf(customer)).resolves.toEqual({ lines: [], count: 0, premium: '0.00', first: null });

    await createPolicy(db, customer, 'SYX', { premium: 3200, start_date: '2020-05-01' });
    await createPolicy(db, customer, 'JQX', { premium: 950, start_date: '2021-05-01' });
    await createPolicy(db, customer, 'JCX', { status: 'expired', start_date: '2018-01-01', end_date: '2018-12-31' });
    await createPolicy(db, customer, 'JKX', { status: 'pending', start_date: '2017-01-01' });

    await expect(summaryOf(customer)).resolves.toEqual({
      lines: ['motor_commercial', 'motor_compulsory'], count: 2, premium: '4150.00', first: '2018-01-01',
    });
  });

  it('follows updates and deletes of many customers’ policies in one statement', async () => {
    const first = await createCustomer(db, org.countyA1);
    const second = await createCustomer(db, org.countyB1);
    await db.query(
      `INSERT INTO policies (policy_no, customer_id, product_code, premium, start_date, end_date, status, channel, org_unit_id)
       SELECT 'BULK' || n, CASE WHEN n % 2 = 0 THEN $1::bigint ELSE $2::bigint END, 'YWX', 100, '2024-01-01', '2026-12-31', 'active', 'online', $3
         FROM generate_series(1, 10) n`,
      [first, second, org.countyA1],
    );
    await expect(summaryOf(first)).resolves.toMatchObject({ lines: ['accident'], count: 5, premium: '500.00' });
    await expect(summaryOf(second)).resolves.toMatchObject({ lines: ['accident'], count: 5, premium: '500.00' });

    await db.query(`UPDATE policies SET status = 'cancelled' WHERE customer_id = $1`, [first]);
    await expect(summaryOf(first)).resolves.toEqual({ lines: [], count: 0, premium: '0.00', first: '2024-01-01' });

    await db.query(`UPDATE policies SET customer_id = $1 WHERE policy_no = 'BULK1'`, [first]);
    await expect(summaryOf(first)).resolves.toMatchObject({ lines: ['accident'], count: 1 });
    await expect(summaryOf(second)).resolves.toMatchObject({ count: 4, premium: '400.00' });

    await db.query(`DELETE FROM policies WHERE customer_id IN ($1, $2)`, [first, second]);
    await expect(summaryOf(first)).resolves.toEqual({ lines: [], count: 0, premium: '0.00', first: null });
    await expect(summaryOf(second)).resolves.toEqual({ lines: [], count: 0, premium: '0.00', first: null });
  });

  it('moves holders to the new line when a product changes line', async () => {
    const customer = await createCustomer(db, org.countyA2);
    await createPolicy(db, customer, 'LYX');
    await db.query(`UPDATE products SET line = 'accident' WHERE code = 'LYX'`);
    await expect(summaryOf(customer)).resolves.toMatchObject({ lines: ['accident'] });
    await db.query(`UPDATE products SET line = 'travel' WHERE code = 'LYX'`);
    await expect(summaryOf(customer)).resolves.toMatchObject({ lines: ['travel'] });
  });

  it('clears every summary when the policies (and claims) are truncated', async () => {
    const customer = await createCustomer(db, org.countyB1);
    await createPolicy(db, customer, 'ZRX');
    // CASCADE: tables of higher libraries refer to policies too (campaign_conversions).
    await db.query('TRUNCATE policies, claims CASCADE');
    await expect(summaryOf(customer)).resolves.toEqual({ lines: [], count: 0, premium: '0.00', first: null });
  });

  it('writes no customer row when the policies did not change what the summary holds', async () => {
    const customer = await createCustomer(db, org.countyA1);
    await createPolicy(db, customer, 'SYX');
    const [before] = await db.query('SELECT xmin::text AS version FROM customers WHERE id = $1', [customer]);
    await db.query(`UPDATE policies SET channel = 'dealer' WHERE customer_id = $1`, [customer]);
    const [after] = await db.query('SELECT xmin::text AS version FROM customers WHERE id = $1', [customer]);
    expect(after.version).toBe(before.version);
  });
});
