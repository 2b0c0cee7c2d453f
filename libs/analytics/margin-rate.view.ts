import type { ProductLine } from '@lib/customers/product-line';

/** A product line as JSON spells it. */
export type ProductLineName = `${ProductLine}`;

/** GET/PUT /api/analytics/margin-rates: the margin of each product line (docs/roi.md). A pure file, shared with the web. */
export interface MarginRate {
  productLine: ProductLineName;
  /** Percent of premium, two decimals: "18.50". */
  ratePct: string;
  /** null while the line has its default rate. */
  updatedAt: Date | null;
  updatedByName: string | null;
}

export interface MarginRatesUpdate {
  rates: { productLine: ProductLineName; ratePct: string }[];
}
