import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The value-tier job rewrites value_tier and value_score of many customers each night.
 * An index on value_tier made every such change touch one more index; nothing reads
 * through it (a tier is a large share of all customers, so queries scan instead).
 */
export class DropValueTierIndex1763856500000 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX customers_value_tier`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX customers_value_tier ON customers (value_tier)`);
  }
}
