/**
 * How likely a customer is to accept a bundle offer, by value tier. See
 * docs/next-best-offer.md for where the priors come from and how they are replaced
 * by learned rates once contacts record the bundle they offered.
 */
export type TierOrUnscored = 'gold' | 'silver' | 'ordinary' | 'do_not_serve' | 'unscored';

/** Documented priors: acceptance of a cross-sell offer by customers of each tier. */
export const ACCEPTANCE_PRIORS: Readonly<Record<TierOrUnscored, number>> = {
  gold: 0.12,
  silver: 0.08,
  ordinary: 0.05,
  // Never offered: the tier exists to stop spending on these customers.
  do_not_serve: 0,
  unscored: 0.05,
};

/**
 * Weight of the prior, in pseudo-contacts: with fewer observed contacts than this
 * the prior dominates, with many more the observed conversion rate does.
 */
export const PRIOR_WEIGHT_CONTACTS = 200;

export interface ObservedOffers {
  /** Contacts that offered the bundle to customers of the tier. */
  contacts: number;
  /** Of those, contacts that converted. */
  conversions: number;
}

export interface AcceptanceRate {
  rate: number;
  /** 'prior' while there are no observed offers; 'learned' once there are. */
  source: 'prior' | 'learned';
}

/**
 * Bayesian blend of the observed rate with the tier's prior:
 * (conversions + prior × k) / (contacts + k).
 */
export function acceptanceRate(tier: TierOrUnscored, observed: ObservedOffers = { contacts: 0, conversions: 0 }): AcceptanceRate {
  const prior = ACCEPTANCE_PRIORS[tier];
  if (prior === 0) return { rate: 0, source: 'prior' };
  const rate = (observed.conversions + prior * PRIOR_WEIGHT_CONTACTS) / (observed.contacts + PRIOR_WEIGHT_CONTACTS);
  return { rate, source: observed.contacts > 0 ? 'learned' : 'prior' };
}

export function tierOf(valueTier: string | null): TierOrUnscored {
  return valueTier && valueTier in ACCEPTANCE_PRIORS ? (valueTier as TierOrUnscored) : 'unscored';
}
