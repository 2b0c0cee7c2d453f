import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { createCustomer, createFixtureOrg, resetState } from '../../test/support/fixtures';
import { startApi } from '../../test/support/test-app';
import { compileRule } from './compile-rule';
import { RuleCondition } from './rule';

const condition = (field: string, operator: string, value?: unknown): RuleCondition => ({ type: 'condition', field, operator, value });

/**
 * Session time zones on either side of Beijing: at any hour of the day one of them is
 * on a different date than Beijing, so a rule that reads the session's date is caught.
 */
const OTHER_ZONES = ['Etc/GMT+12', 'Pacific/Kiritimati'];

describe('FIELD_DEFINITIONS', () => {
  let app: NestFastifyApplication;
  let db: DataSource;
  const ids: Record<string, number> = {};

  /** The names of the customers the condition selects, evaluated in a session of `timeZone`. */
  async function selected(rule: RuleCondition, timeZone = 'UTC'): Promise<string[]> {
    const params: unknown[] = [];
    const sql = `SELECT c.id FROM customers c WHERE ${compileRule(rule, params)}`;
    const runner = db.createQueryRunner();
    try {
      await runner.query(`SELECT set_config('TimeZone', $1, false)`, [timeZone]);
      const rows: { id: string }[] = await runner.query(sql, params);
      const names = new Map(Object.entries(ids).map(([name, id]) => [String(id), name]));
      return rows.map((row) => names.get(String(row.id)) ?? `?${row.id}`).sort();
    } finally {
      await runner.query('RESET TimeZone');
      await runner.release();
    }
  }

  beforeAll(async () => {
    app = await startApi();
    db = await resetState(app);
    const org = await createFixtureOrg(db);
    const [{ eighteen_today, eighteen_tomorrow }] = await db.query(
      `SELECT to_char(d - interval '18 years', 'YYYY-MM-DD') AS eighteen_today,
              to_char(d + 1 - interval '18 years', 'YYYY-MM-DD') AS eighteen_tomorrow
         FROM (SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date AS d) t`,
    );
    ids.eighteenToday = await createCustomer(db, org.countyA1, { birth_date: eighteen_today, value_tier: 'gold' });
    ids.eighteenTomorrow = await createCustomer(db, org.countyA1, { birth_date: eighteen_tomorrow, value_tier: 'do_not_serve' });
    ids.unscored = await createCustomer(db, org.countyA1, { birth_date: null, value_tier: null });
  });

  afterAll(async () => {
    await app.close();
  });

  it.each(OTHER_ZONES)('counts ages by the Beijing date, whatever the session time zone (%s)', async (timeZone) => {
    await expect(selected(condition('age', '>=', 18), timeZone)).resolves.toEqual(['eighteenToday']);
    await expect(selected(condition('age', '<', 18), timeZone)).resolves.toEqual(['eighteenTomorrow']);
    await expect(selected(condition('age', '=', 17), timeZone)).resolves.toEqual(['eighteenTomorrow']);
  });

  it('counts unscored customers as not of any tier: "tier is not do-not-serve" keeps them', async () => {
    await expect(selected(condition('value_tier', '!=', 'do_not_serve'))).resolves.toEqual(['eighteenToday', 'unscored']);
    await expect(selected(condition('value_tier', '=', 'gold'))).resolves.toEqual(['eighteenToday']);
  });
});
