import { Column, Entity, PrimaryColumn, UpdateDateColumn, ValueTransformer } from 'typeorm';

/** PostgreSQL returns numeric as text (it may not fit a double); these settings always do. */
const numeric: ValueTransformer = { to: (value: number) => value, from: (value: string) => Number(value) };

/** The one row of value-tier settings: score weights, tier thresholds and the do-not-serve rule. */
@Entity('value_tier_settings')
export class ValueTierSettings {
  @PrimaryColumn({ type: 'smallint' })
  id: number;

  @Column({ name: 'weight_annual_premium', type: 'numeric', transformer: numeric })
  weightAnnualPremium: number;

  @Column({ name: 'weight_margin', type: 'numeric', transformer: numeric })
  weightMargin: number;

  @Column({ name: 'weight_tenure_years', type: 'numeric', transformer: numeric })
  weightTenureYears: number;

  @Column({ name: 'weight_product_lines', type: 'numeric', transformer: numeric })
  weightProductLines: number;

  @Column({ name: 'gold_threshold', type: 'numeric', transformer: numeric })
  goldThreshold: number;

  @Column({ name: 'silver_threshold', type: 'numeric', transformer: numeric })
  silverThreshold: number;

  @Column({ name: 'claims_ratio_above', type: 'numeric', transformer: numeric })
  claimsRatioAbove: number;

  @Column({ name: 'min_margin_below', type: 'numeric', transformer: numeric })
  minMarginBelow: number;

  @Column({ name: 'updated_by', type: 'integer', nullable: true })
  updatedBy: number | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
