import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ValidationError } from '@lib/common';
import { MARGIN_RATES_IN_FORCE_SQL } from './margin-rate-defaults';
import type { MarginRate, MarginRatesUpdate } from './margin-rate.view';

const RATES_SQL = `
  SELECT r.product_line AS "productLine", to_char(r.rate_pct, 'FM990.00') AS "ratePct", r.updated_at AS "updatedAt", u.display_name AS "updatedByName"
    FROM (${MARGIN_RATES_IN_FORCE_SQL}) r LEFT JOIN users u ON u.id = r.updated_by
   ORDER BY r.product_line`;

/**
 * The margin rate of each product line: margin = premium × rate (docs/roi.md). A
 * change reaches the rollups at their next refresh, which computes every campaign again.
 */
@Injectable()
export class MarginRatesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  list(): Promise<MarginRate[]> {
    return this.dataSource.query(RATES_SQL);
  }

  async update(update: MarginRatesUpdate, userId: number): Promise<MarginRate[]> {
    const seen = new Set<string>();
    const problems = update.rates.flatMap((rate, index) => {
      if (!seen.has(rate.productLine)) {
        seen.add(rate.productLine);
        return [];
      }
      return [{ field: `rates.${index}.productLine`, code: 'margin_rate_line_repeated' as const, params: { productLine: rate.productLine } }];
    });
    if (problems.length) throw new ValidationError(problems);
    await this.dataSource.query(
      `INSERT INTO margin_rates (product_line, rate_pct, updated_by, updated_at)
       SELECT line, rate, $3, now() FROM unnest($1::text[], $2::numeric[]) AS u(line, rate)
       ON CONFLICT (product_line) DO UPDATE SET rate_pct = EXCLUDED.rate_pct, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
      [update.rates.map((rate) => rate.productLine), update.rates.map((rate) => rate.ratePct), userId],
    );
    return this.list();
  }
}
