import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The value-tier job rewrites value_tier and value_score of many customers each night.
 * An index on value_tier forced every such change to touch every index of the table;
 * nothing reads through it (a tier is a large share of all customers, so queries scan).
 * Without it, and with room left on each page, PostgreSQL updates the rows in place (HOT).
 */
export class CustomerTiersUpdatedInPlace1763856500000 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX customers_value_tier`);
    await db.query(`ALTER TABLE customers SET (fillfactor = 90)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE customers RESET (fillfactor)`);
    await db.query(`CREATE INDEX customers_value_tier ON customers (value_tier)`);
  }
}
