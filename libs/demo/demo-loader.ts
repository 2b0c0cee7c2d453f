import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource, EntityManager } from 'typeorm';
import { hashPassword } from '@lib/auth';
import { allowBatchStatements } from '@lib/database';
import { DEMO_PRODUCTS } from './demo-catalogue';
import { DemoCustomer, DemoOptions, generateDemoCustomers, resolveDemoOptions, yuan } from './demo-generator';
import { DEMO_PASSWORD, demoUsers } from './demo-logins';
import { demoUnits } from './jiangsu-org';
import { demoUnitContacts } from './unit-contacts';

export interface DemoOrgSummary {
  orgUnits: number;
  users: number;
  products: number;
}

export interface DemoSummary extends DemoOrgSummary {
  customers: number;
  policies: number;
  claims: number;
  seconds: number;
}

export interface DemoLoadOptions extends DemoOptions {
  /** Called now and then with the number of customers loaded so far (0..customers). */
  onProgress?: (done: number) => void;
}

/**
 * Loads the demo org tree, product catalogue and users. What already exists (by unit
 * code, product code, user name) is left as it is, so running it twice is harmless.
 */
export async function loadDemoOrg(dataSource: DataSource): Promise<DemoOrgSummary> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return dataSource.transaction((manager) => insertDemoOrg(manager, passwordHash));
}

/**
 * Loads the whole demo (org, users, products, customers, policies, claims) in one
 * transaction, streaming the rows with COPY. Fails, loading nothing, when any of the
 * demo's customer, policy or claim numbers already exist.
 */
export async function loadDemo(dataSource: DataSource, options: DemoLoadOptions): Promise<DemoSummary> {
  const started = performance.now();
  const resolved = resolveDemoOptions(options);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const report = progressReporter(resolved.customers, options.onProgress);
  const counts = await dataSource.transaction(async (manager) => {
    await allowBatchStatements(manager);
    const org = await insertDemoOrg(manager, passwordHash);
    const client = (await manager.queryRunner!.connect()) as PoolClient;
    // Ids are assigned here rather than by the sequences, so that policies and claims can name their parents.
    await client.query('LOCK TABLE customers, policies, claims IN SHARE ROW EXCLUSIVE MODE');
    const unitIds = await unitIdsByCode(client);
    const base = await firstFreeIds(client);
    const customers = await copyRows(client, CUSTOMER_COPY, customerRows(resolved, base, unitIds, (i) => report(0, i)));
    const policies = await copyRows(client, POLICY_COPY, policyRows(resolved, base, unitIds, (i) => report(1, i)));
    const claims = await copyRows(client, CLAIM_COPY, claimRows(resolved, base, (i) => report(2, i)));
    await advanceSequences(client, base, { customers, policies, claims });
    // products and org_units are too small for autovacuum ever to analyze them, and without
    // statistics the planner misjudges every holdings condition of a segment.
    await client.query('ANALYZE customers, policies, claims, products, org_units');
    return { ...org, customers, policies, claims };
  });
  options.onProgress?.(resolved.customers);
  return { ...counts, seconds: Math.round((performance.now() - started) / 100) / 10 };
}

/** Reserved for examples (RFC 2606), so no demo mail can reach a real mailbox. */
const DEMO_MAIL_DOMAIN = 'jiangsu.example.com';

async function insertDemoOrg(manager: EntityManager, passwordHash: string): Promise<DemoOrgSummary> {
  const units = demoUnits();
  // Level by level, so that each unit's parent (and its path) is there when the unit is inserted.
  for (const level of [1, 2, 3, 4]) {
    const rows = units.filter((unit) => unit.level === level);
    await manager.query(
      `WITH incoming AS (
         SELECT u.code, u.name, u.name_en, u.n, p.id AS parent_id, p.path AS parent_path
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS u(code, name, name_en, parent_code, n)
         LEFT JOIN org_units p ON p.code = u.parent_code
         WHERE NOT EXISTS (SELECT 1 FROM org_units o WHERE o.code = u.code)
       ), numbered AS (
         -- Ids in the listed order: JS01..JS13 get consecutive ids, as do each city's counties.
         SELECT nextval('org_units_id_seq') AS id, s.* FROM (SELECT * FROM incoming ORDER BY n) s
       )
       INSERT INTO org_units (id, code, name, name_en, level, parent_id, path)
       SELECT id, code, name, name_en, $5, parent_id, COALESCE(parent_path, '/') || id || '/' FROM numbered`,
      [rows.map((u) => u.code), rows.map((u) => u.name), rows.map((u) => u.nameEn), rows.map((u) => u.parentCode), level],
    );
  }
  const contacts = demoUnitContacts();
  await manager.query(
    `UPDATE org_units o SET address = c.address, phone = c.phone
       FROM unnest($1::text[], $2::text[], $3::text[]) AS c(code, address, phone)
      WHERE o.code = c.code AND o.address IS NULL`,
    [contacts.map((c) => c.code), contacts.map((c) => c.address), contacts.map((c) => c.phone)],
  );
  await manager.query(
    `INSERT INTO products (code, name, name_en, line)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
     ON CONFLICT (code) DO NOTHING`,
    [DEMO_PRODUCTS.map((p) => p.code), DEMO_PRODUCTS.map((p) => p.name), DEMO_PRODUCTS.map((p) => p.nameEn), DEMO_PRODUCTS.map((p) => p.line)],
  );
  const users = demoUsers();
  await manager.query(
    // Every demo user has a mailbox at the demo domain, so notifications reach the local mail catcher.
    `INSERT INTO users (username, display_name, password_hash, org_unit_id, roles, email)
     SELECT u.username, u.display_name, $5, o.id, ARRAY[u.role], u.username || '@${DEMO_MAIL_DOMAIN}'
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS u(username, display_name, unit_code, role, n)
     JOIN org_units o ON o.code = u.unit_code
     ORDER BY u.n
     ON CONFLICT (username) DO NOTHING`,
    [users.map((u) => u.username), users.map((u) => u.displayName), users.map((u) => u.unitCode), users.map((u) => u.role), passwordHash],
  );
  return { orgUnits: units.length, users: users.length, products: DEMO_PRODUCTS.length };
}

interface FirstIds {
  customer: number;
  policy: number;
  claim: number;
}

const SEQUENCES = { customers: 'customers_id_seq', policies: 'policies_id_seq', claims: 'claims_id_seq' } as const;

async function unitIdsByCode(client: PoolClient): Promise<Map<string, number>> {
  const { rows } = await client.query<{ code: string; id: number }>('SELECT code, id FROM org_units');
  return new Map(rows.map((row) => [row.code, row.id]));
}

/** The first id after both the highest id in use and the sequence's last value. */
async function firstFreeIds(client: PoolClient): Promise<FirstIds> {
  const next = async (table: keyof typeof SEQUENCES): Promise<number> => {
    const { rows } = await client.query(
      `SELECT GREATEST((SELECT COALESCE(max(id), 0) FROM ${table}), (SELECT last_value FROM ${SEQUENCES[table]})) + 1 AS id`,
    );
    return Number(rows[0].id);
  };
  return { customer: await next('customers'), policy: await next('policies'), claim: await next('claims') };
}

async function advanceSequences(client: PoolClient, base: FirstIds, counts: { customers: number; policies: number; claims: number }): Promise<void> {
  const firsts = { customers: base.customer, policies: base.policy, claims: base.claim };
  for (const table of Object.keys(SEQUENCES) as (keyof typeof SEQUENCES)[]) {
    if (counts[table] > 0) await client.query('SELECT setval($1, $2)', [SEQUENCES[table], firsts[table] + counts[table] - 1]);
  }
}

const CUSTOMER_COPY = `COPY customers (id, customer_no, id_number, name, gender, birth_date, mobile, email, city, org_unit_id,
  consent_email, consent_phone, consent_sms, consent_agent_visit, do_not_contact, do_not_contact_at) FROM STDIN`;
const POLICY_COPY = `COPY policies (id, policy_no, customer_id, product_code, premium, start_date, end_date, status, channel, org_unit_id) FROM STDIN`;
const CLAIM_COPY = `COPY claims (id, claim_no, policy_id, customer_id, claim_date, amount, status) FROM STDIN`;

const BATCH = 1 << 16;

/** Streams rows in COPY's text format (generated values never hold tabs or backslashes); returns how many. */
async function copyRows(client: PoolClient, sql: string, lines: Iterable<string>): Promise<number> {
  let count = 0;
  function* batched(): Generator<string> {
    let chunk = '';
    for (const line of lines) {
      count += 1;
      chunk += line;
      if (chunk.length >= BATCH) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  }
  await pipeline(Readable.from(batched(), { objectMode: false }), client.query(copyFrom(sql)));
  return count;
}

const flag = (value: boolean): string => (value ? 't' : 'f');
const orNull = (value: string | null): string => value ?? '\\N';

/** Walks the demo customers once per table, each with its id and the ids of its first policy and claim. */
function* walk(
  options: DemoOptions,
  base: FirstIds,
  onCustomer: (index: number) => void,
): Generator<{ customer: DemoCustomer; customerId: number; firstPolicyId: number; firstClaimId: number }> {
  let policyId = base.policy;
  let claimId = base.claim;
  let index = 0;
  for (const customer of generateDemoCustomers(options)) {
    yield { customer, customerId: base.customer + index, firstPolicyId: policyId, firstClaimId: claimId };
    for (const policy of customer.policies) {
      policyId += 1;
      claimId += policy.claims.length;
    }
    index += 1;
    if (index % 10_000 === 0) onCustomer(index);
  }
}

function* customerRows(
  options: DemoOptions,
  base: FirstIds,
  unitIds: Map<string, number>,
  onCustomer: (index: number) => void,
): Generator<string> {
  for (const { customer: c, customerId } of walk(options, base, onCustomer)) {
    yield `${customerId}\t${c.customerNo}\t${c.idNumber}\t${c.name}\t${c.gender}\t${c.birthDate}\t${c.mobile}\t${orNull(c.email)}\t` +
      `${c.city}\t${unitIds.get(c.orgUnitCode)}\t${flag(c.consentEmail)}\t${flag(c.consentPhone)}\t${flag(c.consentSms)}\t` +
      `${flag(c.consentAgentVisit)}\t${flag(c.doNotContactAt !== null)}\t${c.doNotContactAt ? `${c.doNotContactAt} 10:00:00+08` : '\\N'}\n`;
  }
}

function* policyRows(
  options: DemoOptions,
  base: FirstIds,
  unitIds: Map<string, number>,
  onCustomer: (index: number) => void,
): Generator<string> {
  for (const { customer: c, customerId, firstPolicyId } of walk(options, base, onCustomer)) {
    const unitId = unitIds.get(c.orgUnitCode);
    let policyId = firstPolicyId;
    for (const p of c.policies) {
      yield `${policyId++}\t${p.policyNo}\t${customerId}\t${p.productCode}\t${yuan(p.premiumCents)}\t${p.startDate}\t` +
        `${p.endDate}\t${p.status}\t${p.channel}\t${unitId}\n`;
    }
  }
}

function* claimRows(options: DemoOptions, base: FirstIds, onCustomer: (index: number) => void): Generator<string> {
  for (const { customer: c, customerId, firstPolicyId, firstClaimId } of walk(options, base, onCustomer)) {
    let policyId = firstPolicyId;
    let claimId = firstClaimId;
    for (const p of c.policies) {
      for (const l of p.claims) {
        yield `${claimId++}\t${l.claimNo}\t${policyId}\t${customerId}\t${l.claimDate}\t${yuan(l.amountCents)}\t${l.status}\n`;
      }
      policyId += 1;
    }
  }
}

/** Three passes (customers, policies, claims) reported as one count from 0 to `total`. */
function progressReporter(total: number, onProgress?: (done: number) => void): (pass: number, done: number) => void {
  return (pass, done) => onProgress?.(Math.floor((pass * total + done) / 3));
}
