import { ValueTierSettingsBody } from './value-tier-settings.dto';

/**
 * The settings a new installation starts with (also inserted by the migration). On the
 * demo data (motor premiums 665–9,000 yuan) they give roughly 5% gold and 15% silver.
 */
export const DEFAULT_VALUE_TIER_SETTINGS: ValueTierSettingsBody = {
  weights: { annualPremium: 1, margin: 0.3, tenureYears: 0.5, productLines: 1 },
  thresholds: { gold: 20, silver: 12 },
  doNotServe: { claimsRatioAbove: 1.5, minMarginBelow: -5000 },
};
