import { ProductLine } from '@lib/customers/product-line';

/**
 * The margin rate of a product line until someone sets it, in percent of premium:
 * typical P&C margins, compulsory motor sold near cost, accident and travel carrying the most.
 */
export const DEFAULT_MARGIN_RATES_PCT: Record<ProductLine, string> = {
  [ProductLine.MotorCompulsory]: '4.00',
  [ProductLine.MotorCommercial]: '12.00',
  [ProductLine.Home]: '30.00',
  [ProductLine.Accident]: '40.00',
  [ProductLine.Health]: '25.00',
  [ProductLine.Travel]: '45.00',
  [ProductLine.Liability]: '28.00',
};

/** Every line with its rate in force: the row set for it, else the default. */
export const MARGIN_RATES_IN_FORCE_SQL = `
  SELECT d.line AS product_line, coalesce(r.rate_pct, d.rate) AS rate_pct, r.updated_at, r.updated_by
    FROM (VALUES ${Object.entries(DEFAULT_MARGIN_RATES_PCT).map(([line, rate]) => `('${line}', ${rate})`).join(', ')}) AS d(line, rate)
    LEFT JOIN margin_rates r ON r.product_line = d.line`;
