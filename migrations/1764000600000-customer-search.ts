import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Customer search in the ways people type: a customer number in any case, and a
 * mobile in any common notation (+86, 0086, spaces, dashes) or by its last four
 * digits. mobile_digits() is how a stored or a typed mobile is compared; one index on
 * its last four digits serves both the last-four search and, narrowed by it, the
 * full number (about 1 in 10,000 customers share the last four).
 */
export class CustomerSearch1764000600000 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION mobile_digits(mobile text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURN
        regexp_replace(regexp_replace(mobile, '[^0-9]', '', 'g'), '^(00)?86(1[0-9]{10})$', '\\2')`);
    await db.query(`CREATE INDEX customers_mobile_last4 ON customers (right(mobile_digits(mobile), 4))`);
    await db.query(`CREATE INDEX customers_customer_no_lower ON customers (lower(customer_no))`);
    await db.query(`ANALYZE customers`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX customers_customer_no_lower`);
    await db.query(`DROP INDEX customers_mobile_last4`);
    await db.query(`DROP FUNCTION mobile_digits(text)`);
  }
}
