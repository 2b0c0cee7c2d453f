import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Default tier thresholds moved to the 95th and 80th score percentiles of the demo data
 * now that customers of longer standing earn their tenure points (gold 14 → 16, silver
 * 10.5 → 12; still about 5% gold and 15% silver). Settings a segment manager has changed
 * are left alone.
 */
export class ValueTierThresholds1763856900000 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      UPDATE value_tier_settings SET gold_threshold = 16, silver_threshold = 12
       WHERE id = 1 AND gold_threshold = 14 AND silver_threshold = 10.5
         AND weight_annual_premium = 1 AND weight_margin = 0.3 AND weight_tenure_years = 0.5 AND weight_product_lines = 1`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      UPDATE value_tier_settings SET gold_threshold = 14, silver_threshold = 10.5
       WHERE id = 1 AND gold_threshold = 16 AND silver_threshold = 12`);
  }
}
