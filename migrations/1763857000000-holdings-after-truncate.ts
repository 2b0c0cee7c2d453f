import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * TRUNCATE fires no row or transition-table triggers, so emptying policies would leave
 * every customer's holdings summary behind; this clears the summaries instead.
 */
export class HoldingsAfterTruncate1763857000000 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION policies_clear_customer_holdings() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE customers SET active_lines = 0, active_policy_count = 0, active_premium = 0, first_policy_start = NULL
         WHERE active_lines <> 0 OR active_policy_count <> 0 OR active_premium <> 0 OR first_policy_start IS NOT NULL;
        RETURN NULL;
      END
      $$`);
    await db.query(`
      CREATE TRIGGER policies_holdings_after_truncate AFTER TRUNCATE ON policies
      FOR EACH STATEMENT EXECUTE FUNCTION policies_clear_customer_holdings()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER policies_holdings_after_truncate ON policies`);
    await db.query(`DROP FUNCTION policies_clear_customer_holdings()`);
  }
}
