import type { StepChannel } from '@lib/campaigns/campaign-commitment';
import type { CampaignObjective, CampaignStatus } from '@lib/campaigns/campaign-status';

/**
 * The answers of GET /api/analytics/campaigns/:id (docs/roi.md). A pure file, shared
 * with the web. Money is yuan as exact decimal strings ("1234.50"); rates and ROI are
 * plain numbers (a rate of 0.0412 is 4.12 %); a figure that cannot be worked out (a
 * rate without members, ROI without spend) is null.
 */

/** How a campaign's figures may be broken down: `?by=`. */
export const ROI_BREAKDOWNS = ['channel', 'step', 'branch', 'segment', 'value_tier', 'day'] as const;
export type RoiBreakdown = (typeof ROI_BREAKDOWNS)[number];

/** Spend lines of the campaign's budget (docs/figures.md "spend"). */
export interface SpendFigures {
  /** Each contact's cost, settled when it is made. */
  automatic: string;
  /** Entered by the branch or the planner. */
  manual: string;
  total: string;
}

/** The treatment-side figures of docs/figures.md, with the money they made and cost. */
export interface CampaignFigures {
  contacts: number;
  delivered: number;
  responses: number;
  /** Policies attributed to the treatment group. */
  conversions: number;
  premiumWritten: string;
  /** Premium × the margin rate of each policy's product line. */
  margin: string;
  /** null where spend is not kept by this breakdown (value tier, segment). */
  spend: SpendFigures | null;
  /** (margin − spend) / spend; null without spend. */
  roi: number | null;
  costPerResponse: string | null;
  costPerConversion: string | null;
}

/**
 * One group as drawn at launch: the lift's input. Responders and converters are
 * customers (each once); conversions are policies.
 */
export interface GroupOutcome {
  members: number;
  responders: number;
  converters: number;
  conversions: number;
  premium: string;
  /** responders / members. */
  responseRate: number | null;
  /** converters / members. */
  conversionRate: number | null;
}

export interface Interval {
  estimate: number;
  low: number;
  high: number;
}

/**
 * Treatment against control for one outcome (conversion or response), from
 * libs/analytics/lift-statistics.ts. Absolute lift is in rate points (0.012 = 1.2
 * points), relative lift a ratio (0.25 = +25 %), null when the control rate is 0.
 */
export interface OutcomeLift {
  treatmentRate: number | null;
  controlRate: number | null;
  absoluteLift: Interval | null;
  relativeLift: Interval | null;
  pValue: number | null;
  /** Treatment converters beyond what the control rate predicts, with its interval. */
  incremental: Interval | null;
  /** The smallest absolute lift these group sizes could have detected (80 % power, α = 0.05). */
  minimumDetectableLift: number | null;
  verdict: LiftVerdict;
}

export type LiftVerdict = 'no_control_group' | 'control_too_small' | 'significant_up' | 'significant_down' | 'no_significant_difference';

/** Whether the control group's actual share of the members strays from the planned one. */
export interface SampleRatioCheck {
  plannedControlShare: number;
  actualControlShare: number | null;
  pValue: number | null;
  mismatch: boolean;
}

export interface CampaignLift {
  conversion: OutcomeLift;
  response: OutcomeLift;
  /** Incremental conversions × the treatment converters' mean premium, in yuan. */
  incrementalPremium: Interval | null;
  sampleRatio: SampleRatioCheck;
}

/** A KPI of the plan against what was reached. */
export const KPI_FIGURES = ['contacts', 'response_rate', 'conversions', 'premium'] as const;
export type KpiFigure = (typeof KPI_FIGURES)[number];

export interface KpiAttainment {
  figure: KpiFigure;
  /** As the plan states it: a count, a rate (0.05 for 5 %) or yuan; null when the plan sets none. */
  target: string | null;
  actual: string;
  /** actual / target; null without a target (or a target of 0). */
  attainment: number | null;
}

/** The stages of a channel's funnel, each a subset of the one before. */
export interface FunnelStages {
  /** Contacts planned for the channel's steps (one per step and member), made or not. */
  members: number;
  contacts: number;
  delivered: number;
  responses: number;
  conversions: number;
}

export interface ChannelFunnel extends FunnelStages {
  channel: StepChannel;
}

export interface DailyFigures {
  /** The local day (YYYY-MM-DD). */
  day: string;
  contacts: number;
  delivered: number;
  responses: number;
  conversions: number;
  premiumWritten: string;
  spend: string;
  /** Conversions of the control group on that day. */
  controlConversions: number;
}

/** One line of a breakdown. */
export interface RoiRow {
  /** The channel, step id, org unit id, segment id, value tier or day. */
  key: string;
  label: string;
  labelEn: string | null;
  figures: CampaignFigures;
  /** Groups as drawn, where members belong to the line (branch, segment, value tier); null by channel, step and day. */
  treatment: GroupOutcome | null;
  control: GroupOutcome | null;
  lift: CampaignLift | null;
}

/** GET /api/analytics/campaigns/:id: every figure limited to the reader's scope. */
export interface CampaignRoi {
  campaignId: number;
  code: string;
  name: string;
  status: CampaignStatus;
  objective: CampaignObjective;
  startDate: string | null;
  endDate: string | null;
  launchedAt: Date | null;
  /** The approved budget plus approved raises; null when the campaign holds no budget. */
  budget: string | null;
  figures: CampaignFigures;
  treatment: GroupOutcome;
  control: GroupOutcome;
  lift: CampaignLift;
  kpis: KpiAttainment[];
  funnels: ChannelFunnel[];
  daily: DailyFigures[];
  /** The rollups hold every event recorded before this moment. */
  freshAt: Date | null;
}

/** GET /api/analytics/campaigns/:id?by=…: the campaign's lines of one breakdown. */
export interface CampaignRoiBreakdown {
  campaignId: number;
  by: RoiBreakdown;
  rows: RoiRow[];
  freshAt: Date | null;
}
