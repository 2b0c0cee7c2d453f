import { ValueTierSettingsBody } from './value-tier-settings.dto';

/**
 * The settings a new installation starts with (also written by the migrations). On the
 * demo data (motor premiums 665–9,000 yuan, tenure up to 15 years) they give about 5%
 * gold, 15% silver and 6% do-not-serve: the thresholds are the 95th and 80th score
 * percentiles (bench/results/value-tiers.md).
 */
export const DEFAULT_VALUE_TIER_SETTINGS: ValueTierSettingsBody = {
  weights: { annualPremium: 1, margin: 0.3, tenureYears: 0.5, productLines: 1 },
  thresholds: { gold: 16, silver: 12 },
  doNotServe: { claimsRatioAbove: 1.5, minMarginBelow: -5000 },
};
