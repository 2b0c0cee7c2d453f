import type { StepChannel } from '@lib/campaigns/campaign-commitment';
import type { CampaignObjective } from '@lib/campaigns/campaign-status';

/**
 * Documented priors for campaigns with no history yet (docs/forecast.md): the share
 * of contacts that respond and that convert (buy a policy), per objective and channel.
 * They follow what P&C insurers report for direct marketing: a call or a visit by
 * the customer's own agent converts far better than an email or a web banner, and
 * renewals convert best because the customer already holds the cover.
 */
export const FORECAST_PRIORS: Readonly<Record<CampaignObjective, Record<StepChannel, { response: number; conversion: number }>>> = {
  cross_sell: {
    email: { response: 0.03, conversion: 0.005 },
    phone: { response: 0.12, conversion: 0.03 },
    web: { response: 0.02, conversion: 0.004 },
    agent_visit: { response: 0.25, conversion: 0.08 },
  },
  retention: {
    email: { response: 0.08, conversion: 0.04 },
    phone: { response: 0.35, conversion: 0.2 },
    web: { response: 0.05, conversion: 0.02 },
    agent_visit: { response: 0.45, conversion: 0.3 },
  },
  win_back: {
    email: { response: 0.02, conversion: 0.004 },
    phone: { response: 0.1, conversion: 0.02 },
    web: { response: 0.015, conversion: 0.003 },
    agent_visit: { response: 0.2, conversion: 0.05 },
  },
  referral: {
    email: { response: 0.02, conversion: 0.003 },
    phone: { response: 0.08, conversion: 0.015 },
    web: { response: 0.015, conversion: 0.002 },
    agent_visit: { response: 0.15, conversion: 0.04 },
  },
};

/** Annual premium of one conversion when neither a bundle nor written policies say better. */
export const PRIOR_PREMIUM_PER_CONVERSION_FEN = 120_000;

/**
 * Weight of a prior in pseudo-contacts: with fewer observed contacts than this the
 * prior dominates, with many more the observed rate does.
 */
export const PRIOR_WEIGHT_CONTACTS = 1000;

/** Bayesian blend of an observed rate with its prior: (successes + prior × k) / (trials + k). */
export function blendWithPrior(prior: number, successes: number, trials: number, weight = PRIOR_WEIGHT_CONTACTS): number {
  return (successes + prior * weight) / (trials + weight);
}
