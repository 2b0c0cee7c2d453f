import { INestApplicationContext } from '@nestjs/common';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { hashPassword, OrgScope } from '@lib/auth';
import { truncateAllTables } from '@lib/database';
import { REDIS } from '@lib/redis';

/** The password of every fixture user. */
export const FIXTURE_PASSWORD = 'Fixture#2026';

/**
 * A small org tree for tests:
 *
 *   HQ (1) ── PROV (2) ─┬─ CITY_A (3) ─┬─ COUNTY_A1 (4)
 *                       │              └─ COUNTY_A2 (4)
 *                       └─ CITY_B (3) ──── COUNTY_B1 (4)
 */
export interface FixtureOrg {
  hq: number;
  province: number;
  cityA: number;
  cityB: number;
  countyA1: number;
  countyA2: number;
  countyB1: number;
}

/** Empties the test database and the test Redis database (sessions, login locks, queues). */
export async function resetState(app: INestApplicationContext): Promise<DataSource> {
  const db = app.get(DataSource);
  await resetDatabase(db);
  await app.get<Redis>(REDIS).flushdb();
  return db;
}

/** Empties every table (not the migration history), so each spec file starts clean. */
export async function resetDatabase(db: DataSource): Promise<void> {
  await truncateAllTables(db);
}

async function addUnit(db: DataSource, code: string, name: string, level: number, parentId: number | null): Promise<number> {
  const [row] = await db.query(
    `INSERT INTO org_units (code, name, level, parent_id, path)
     VALUES ($1, $2, $3, $4, COALESCE((SELECT path FROM org_units WHERE id = $4), '/') || currval('org_units_id_seq') || '/')
     RETURNING id`,
    [code, name, level, parentId],
  );
  return row.id;
}

export async function createFixtureOrg(db: DataSource): Promise<FixtureOrg> {
  const hq = await addUnit(db, 'HQ', '总公司', 1, null);
  const province = await addUnit(db, 'PROV', '江苏省分公司', 2, hq);
  const cityA = await addUnit(db, 'CITY_A', '南京分公司', 3, province);
  const cityB = await addUnit(db, 'CITY_B', '苏州分公司', 3, province);
  const countyA1 = await addUnit(db, 'COUNTY_A1', '江宁支公司', 4, cityA);
  const countyA2 = await addUnit(db, 'COUNTY_A2', '浦口支公司', 4, cityA);
  const countyB1 = await addUnit(db, 'COUNTY_B1', '昆山支公司', 4, cityB);
  return { hq, province, cityA, cityB, countyA1, countyA2, countyB1 };
}

/** The scope of a user whose home unit is `orgUnitId`, as the API builds it at login. */
export async function scopeOf(db: DataSource, orgUnitId: number): Promise<OrgScope> {
  const [{ path }] = await db.query('SELECT path FROM org_units WHERE id = $1', [orgUnitId]);
  return new OrgScope(orgUnitId, path);
}

let cachedHash: string | undefined;

/** A user with the fixture password; returns its id. */
export async function createUser(db: DataSource, username: string, orgUnitId: number, roles: string[]): Promise<number> {
  cachedHash ??= await hashPassword(FIXTURE_PASSWORD);
  const [row] = await db.query(
    `INSERT INTO users (username, display_name, password_hash, org_unit_id, roles) VALUES ($1, $1, $2, $3, $4) RETURNING id`,
    [username, cachedHash, orgUnitId, roles],
  );
  return row.id;
}

/** The product catalogue's usual lines, enough for tests. */
export async function createProducts(db: DataSource): Promise<void> {
  await db.query(`
    INSERT INTO products (code, name, name_en, line) VALUES
      ('JQX', '机动车交通事故责任强制保险', 'Compulsory motor traffic insurance', 'motor_compulsory'),
      ('SYX', '机动车商业保险', 'Commercial motor insurance', 'motor_commercial'),
      ('JCX', '家庭财产保险', 'Home property insurance', 'home'),
      ('YWX', '个人意外伤害保险', 'Personal accident insurance', 'accident'),
      ('JKX', '短期健康保险', 'Short-term health insurance', 'health'),
      ('LYX', '旅行意外保险', 'Travel insurance', 'travel'),
      ('ZRX', '个人责任保险', 'Personal liability insurance', 'liability')
    ON CONFLICT (code) DO NOTHING`);
}

let customerSeq = 0;

/** A customer in a unit; returns its id. Fields can be overridden by column name. */
export async function createCustomer(db: DataSource, orgUnitId: number, columns: Record<string, unknown> = {}): Promise<number> {
  customerSeq += 1;
  const values: Record<string, unknown> = {
    customer_no: `T${String(customerSeq).padStart(8, '0')}`,
    name: `测试客户${customerSeq}`,
    gender: customerSeq % 2 ? 'M' : 'F',
    birth_date: '1980-05-01',
    mobile: `1380000${String(customerSeq).padStart(4, '0')}`,
    email: `c${customerSeq}@example.com`,
    city: '南京',
    org_unit_id: orgUnitId,
    consent_email: true,
    consent_phone: true,
    consent_sms: true,
    consent_agent_visit: true,
    ...columns,
  };
  const names = Object.keys(values);
  const [row] = await db.query(
    `INSERT INTO customers (${names.join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
    names.map((name) => values[name]),
  );
  return row.id;
}

let policySeq = 0;

/** A policy of a customer; returns its id. */
export async function createPolicy(
  db: DataSource,
  customerId: number,
  productCode: string,
  columns: Record<string, unknown> = {},
): Promise<number> {
  policySeq += 1;
  const values: Record<string, unknown> = {
    policy_no: `P${String(policySeq).padStart(10, '0')}`,
    customer_id: customerId,
    product_code: productCode,
    premium: 1000,
    start_date: '2026-01-01',
    end_date: '2026-12-31',
    status: 'active',
    channel: 'agent',
    org_unit_id: (await db.query('SELECT org_unit_id FROM customers WHERE id = $1', [customerId]))[0].org_unit_id,
    ...columns,
  };
  const names = Object.keys(values);
  const [row] = await db.query(
    `INSERT INTO policies (${names.join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
    names.map((name) => values[name]),
  );
  return row.id;
}

/**
 * Bare campaign rows with the given ids (draft, owned by the user at the unit), for
 * specs that only need contacts to belong to some campaign.
 */
export async function createCampaignRows(db: DataSource, ids: number[], ownerId: number, orgUnitId: number): Promise<void> {
  await db.query(
    `INSERT INTO campaigns (id, code, owner_id, owning_org_unit_id) SELECT id, 'T-' || id, $2, $3 FROM unnest($1::int[]) AS id`,
    [ids, ownerId, orgUnitId],
  );
}
