/**
 * The value-tier answers and the settings body, shared by the server and the web
 * (`@lib/value-tiers/value-tier.view`); pure types, no Nest.
 */
import type { ValueTier } from './value-tier-name';

/** The score: points per 1,000 yuan of annual premium and of margin, per year of tenure and per product line held. */
export interface ScoreWeightsInput {
  annualPremium: number;
  margin: number;
  tenureYears: number;
  productLines: number;
}

/** The body of PUT /value-tiers/settings: the whole settings, as GET returns them. */
export interface ValueTierSettingsInput {
  weights: ScoreWeightsInput;
  /** The lowest score of a gold and of a silver customer. */
  thresholds: { gold: number; silver: number };
  /** Do not serve when the 3-year claims ratio is above, or the 3-year margin (yuan) below, these. */
  doNotServe: { claimsRatioAbove: number; minMarginBelow: number };
}

export interface ValueTierSettingsView extends ValueTierSettingsInput {
  /** ISO date-time. */
  updatedAt: string;
}

export interface ValueTierStatus {
  lastRunAt: Date | null;
  lastRunMs: number | null;
  running: boolean;
  /** Customers of the caller's scope that have a score. */
  customersScored: number;
  /** Customers whose tier the last run changed; counted over all customers only, so null for a branch that sees some of them. */
  customersChanged: number | null;
}

export interface TierDistribution {
  byTier: { tier: ValueTier | 'unscored'; count: number; annualPremium: number }[];
  byOrgUnit: {
    orgUnitId: number;
    orgUnitName: string;
    orgUnitNameEn: string | null;
    gold: number;
    silver: number;
    ordinary: number;
    doNotServe: number;
    unscored: number;
  }[];
}

/** The answer of POST /value-tiers/recompute: the worker runs it. */
export interface RecomputeQueued {
  status: 'queued';
}
