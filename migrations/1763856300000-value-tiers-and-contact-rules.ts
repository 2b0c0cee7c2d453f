import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Value-tier settings and the status of the last recomputation (one row each), the
 * contact policies with the default one the issue describes, the do-not-call list,
 * and the campaign priority of a planned contact (which campaign keeps a customer).
 */
export class ValueTiersAndContactRules1763856300000 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE value_tier_settings (
        id                     smallint      PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        weight_annual_premium  numeric(10,4) NOT NULL CHECK (weight_annual_premium >= 0),
        weight_margin          numeric(10,4) NOT NULL CHECK (weight_margin >= 0),
        weight_tenure_years    numeric(10,4) NOT NULL CHECK (weight_tenure_years >= 0),
        weight_product_lines   numeric(10,4) NOT NULL CHECK (weight_product_lines >= 0),
        gold_threshold         numeric(12,2) NOT NULL,
        silver_threshold       numeric(12,2) NOT NULL CHECK (silver_threshold <= gold_threshold),
        claims_ratio_above     numeric(8,4)  NOT NULL CHECK (claims_ratio_above > 0),
        min_margin_below       numeric(14,2) NOT NULL,
        updated_by             integer       REFERENCES users(id),
        updated_at             timestamptz   NOT NULL DEFAULT now()
      )`);
    await db.query(`
      INSERT INTO value_tier_settings
        (weight_annual_premium, weight_margin, weight_tenure_years, weight_product_lines,
         gold_threshold, silver_threshold, claims_ratio_above, min_margin_below)
      VALUES (1, 0.3, 0.5, 1, 14, 10.5, 1.5, -5000)`);

    await db.query(`
      CREATE TABLE value_tier_runs (
        id                 smallint    PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        running_since      timestamptz,
        last_run_at        timestamptz,
        last_run_ms        integer,
        customers_scored   integer     NOT NULL DEFAULT 0,
        customers_changed  integer     NOT NULL DEFAULT 0
      )`);
    await db.query(`INSERT INTO value_tier_runs (id) VALUES (1)`);

    await db.query(`
      CREATE TABLE contact_policies (
        id                     serial       PRIMARY KEY,
        name                   varchar(100) NOT NULL UNIQUE,
        is_default             boolean      NOT NULL DEFAULT false,
        max_per_7_days         smallint     NOT NULL CHECK (max_per_7_days >= 0),
        max_per_30_days        smallint     NOT NULL CHECK (max_per_30_days >= 0),
        -- {"phone": {"maxPer7Days": 1, "maxPer30Days": 2}, ...}; null or missing = no channel limit.
        per_channel            jsonb        NOT NULL DEFAULT '{}',
        min_gap_hours          smallint     NOT NULL CHECK (min_gap_hours BETWEEN 0 AND 720),
        -- {"phone": {"start": "21:00", "end": "09:00"}, ...}, local time (Asia/Shanghai).
        quiet_hours            jsonb        NOT NULL DEFAULT '{}',
        holidays               jsonb        NOT NULL DEFAULT '[]',
        holiday_channels       text[]       NOT NULL DEFAULT '{}',
        -- The issue: a refusal blocks calls for at least six months.
        refusal_block_days     smallint     NOT NULL CHECK (refusal_block_days >= 180),
        renewal_earliest_days  smallint     NOT NULL CHECK (renewal_earliest_days >= 0),
        require_consent        boolean      NOT NULL DEFAULT true,
        updated_by             integer      REFERENCES users(id),
        created_at             timestamptz  NOT NULL DEFAULT now(),
        updated_at             timestamptz  NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX contact_policies_one_default ON contact_policies (is_default) WHERE is_default`);
    // China's public holidays: 2026 as announced by the State Council (2025-11-04); 2027 not yet
    // announced, so its dates follow the lunar calendar and the usual pattern (edit when published).
    await db.query(
      `INSERT INTO contact_policies
         (name, is_default, max_per_7_days, max_per_30_days, per_channel, min_gap_hours, quiet_hours,
          holidays, holiday_channels, refusal_block_days, renewal_earliest_days, require_consent)
       VALUES ('默认接触规则 Default contact policy', true, 2, 4, $1, 48, $2, $3,
               '{phone,agent_visit}', 180, 40, true)`,
      [
        JSON.stringify({
          phone: { maxPer7Days: 1, maxPer30Days: 2 },
          agent_visit: { maxPer7Days: 1, maxPer30Days: 1 },
          email: { maxPer7Days: 2, maxPer30Days: 4 },
          sms: { maxPer7Days: 2, maxPer30Days: 4 },
          web: { maxPer7Days: null, maxPer30Days: null },
        }),
        JSON.stringify({
          phone: { start: '21:00', end: '09:00' },
          agent_visit: { start: '21:00', end: '09:00' },
          sms: { start: '21:00', end: '08:00' },
        }),
        JSON.stringify([
          ...days('2026-01-01', 3), ...days('2026-02-15', 9), ...days('2026-04-04', 3), ...days('2026-05-01', 5),
          ...days('2026-06-19', 3), ...days('2026-09-25', 3), ...days('2026-10-01', 7),
          ...days('2027-01-01', 3), ...days('2027-02-05', 8), ...days('2027-04-03', 3), ...days('2027-05-01', 5),
          ...days('2027-06-09', 1), ...days('2027-09-15', 1), ...days('2027-10-01', 7),
        ]),
      ],
    );

    await db.query(`
      CREATE TABLE do_not_call (
        customer_id  bigint       PRIMARY KEY REFERENCES customers(id) ON DELETE CASCADE,
        reason       varchar(200) NOT NULL,
        since        timestamptz  NOT NULL DEFAULT now(),
        -- null: until removed by hand.
        until        timestamptz  CHECK (until IS NULL OR until > since),
        created_by   integer      REFERENCES users(id),
        created_at   timestamptz  NOT NULL DEFAULT now()
      )`);

    // Higher wins: a campaign's planned contact reserves the customer against lower-priority campaigns.
    await db.query(`ALTER TABLE contacts ADD COLUMN priority smallint`);
    await db.query(`CREATE INDEX contacts_planned ON contacts (customer_id, contacted_at) WHERE status = 'planned'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX contacts_planned`);
    await db.query(`ALTER TABLE contacts DROP COLUMN priority`);
    for (const table of ['do_not_call', 'contact_policies', 'value_tier_runs', 'value_tier_settings']) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}

/** `count` consecutive dates from `first` (YYYY-MM-DD). */
function days(first: string, count: number): string[] {
  const start = Date.parse(`${first}T00:00:00Z`);
  return Array.from({ length: count }, (_, i) => new Date(start + i * 86_400_000).toISOString().slice(0, 10));
}
