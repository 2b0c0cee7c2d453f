import type { StepChannel } from '@lib/campaigns/campaign-commitment';
import type { CampaignObjective } from '@lib/campaigns/campaign-status';
import type { ExclusionReason } from '@lib/contact-rules/exclusion-reason';

/**
 * One channel step as the planner has it while editing: the plan's own step body
 * (`StepBody` of the campaigns library implements this), so the editor sends what it holds.
 */
export interface ForecastStepInput {
  channel: StepChannel;
  /** Days after the campaign start; or else startDate. */
  startOffsetDays?: number | null;
  startDate?: string | null;
  /** ISO days of the week, 1 = Monday; every day when left out. */
  daysOfWeek?: number[];
  /** Yuan per contact, e.g. "3.50"; 0 when left out. */
  costPerContact?: string;
  /** Contacts per day in each branch the step covers; no limit when left out. */
  dailyCapacity?: number | null;
  /** Covered branches; all participating branches when left out or empty. */
  branchIds?: number[];
}

/**
 * The plan as far as a forecast needs it, a saved draft or one being edited, in the
 * shape of the plan's own body: a half-written plan is fine until a forecast needs a
 * part it lacks, which it then names by field.
 */
export interface ForecastInput {
  objective: CampaignObjective;
  startDate?: string | null;
  endDate?: string | null;
  includeSegmentIds?: number[];
  excludeSegmentIds?: number[];
  branchIds?: number[];
  bundleId?: number | null;
  /** Percent of the audience held out, 0–50; 10 when left out. */
  controlSharePct?: number;
  priority?: number;
  /** The campaign being edited: its own planned contacts do not compete with it. */
  campaignId?: number | null;
  /** Yuan, e.g. "50000.00"; the forecast says whether it suffices. */
  budget?: string | null;
  steps?: ForecastStepInput[];
}

/** Where a rate or an amount of the forecast comes from. */
export type RateSource = 'history' | 'prior';
export type PremiumSource = 'bundle' | 'policies' | 'prior';

export interface ForecastRate {
  rate: number;
  source: RateSource;
  /** Contacts of past campaigns with the same objective and channel that the rate learned from. */
  observedContacts: number;
}

export interface StepForecast {
  position: number;
  channel: StepChannel;
  /** Customers of the audience contactable on this channel in the step's branches, after contact rules. */
  contactable: number;
  /** Of those, the treatment group (the control share is held out). */
  treatment: number;
  days: number;
  /** Contacts the step's capacity allows over its days; null when no capacity is set. */
  capacity: number | null;
  /** Contacts planned: treatment within capacity and the budget left after earlier steps. */
  contacts: number;
  /** What limits the contacts: the audience, the step's capacity or the budget. */
  limitedBy: 'audience' | 'capacity' | 'budget';
  cost: string;
  responseRate: ForecastRate;
  conversionRate: ForecastRate;
  responses: number;
  conversions: number;
  premium: string;
}

export interface ForecastResult {
  /** Customers of the include segments, less the excludes, in the participating branches. */
  audience: number;
  /** Of those, reachable on at least one of the plan's channels. */
  contactable: number;
  control: number;
  /** Why customers of the audience cannot be contacted, per channel (the first reason that applies). */
  excluded: { channel: StepChannel; reason: ExclusionReason; count: number }[];
  steps: StepForecast[];
  contacts: number;
  cost: string;
  responses: number;
  conversions: number;
  premium: string;
  premiumPerConversion: { amount: string; source: PremiumSource };
  /** (premium − cost) / cost; null when nothing is spent. */
  roi: number | null;
  /** Conversions needed for premium to cover the cost. */
  breakEvenConversions: number | null;
  budget: string | null;
  /** null when the plan names no budget. */
  budgetSuffices: boolean | null;
}
