import type { StepChannel } from '@lib/campaigns/campaign-commitment';
import type { CampaignObjective, CampaignStatus } from '@lib/campaigns/campaign-status';
import type { LiftResult } from './lift-statistics';

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
  /** null where spend is not kept by this breakdown (value tier, segment: spend lines belong to a branch, channel and step, not to customers). */
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
export interface GroupFigures {
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

/** Treatment against control for each outcome: libs/analytics/lift-statistics.ts. */
export interface CampaignLift {
  conversion: LiftResult;
  response: LiftResult;
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
  /**
   * The channel, step id, org unit id, segment id, value tier or day. Channel '' and step '0'
   * hold what belongs to no step: conversions of members no contact reached, manual spend
   * without a channel. Value tier '' is a member without one.
   */
  key: string;
  label: string;
  labelEn: string | null;
  figures: CampaignFigures;
  /** Groups as drawn, where members belong to the line (branch, segment, value tier); null by channel, step and day. */
  treatment: GroupFigures | null;
  control: GroupFigures | null;
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
  /** The plan's include segments: the audience was drawn from them. */
  targetSegments: { id: number; name: string }[];
  /** The approved budget plus approved raises; null when the campaign holds no budget. */
  budget: string | null;
  figures: CampaignFigures;
  treatment: GroupFigures;
  control: GroupFigures;
  lift: CampaignLift;
  kpis: KpiAttainment[];
  funnels: ChannelFunnel[];
  daily: DailyFigures[];
  /** The rollups hold every event recorded before this moment. */
  freshAt: Date | null;
}

/**
 * GET /api/analytics/campaigns/:id?by=…: the campaign's lines of one breakdown.
 *
 * By segment: one line per include segment of the launched plan, with the members who
 * matched it at launch (the launch records them) and their contacts, responses and
 * conversions. A member who matched two segments counts in both lines, so the lines may
 * add up to more than the campaign.
 */
export interface CampaignRoiBreakdown {
  campaignId: number;
  by: RoiBreakdown;
  rows: RoiRow[];
  /**
   * By segment: whether the launch recorded each member's segments. False for a campaign
   * launched before it did: it has no segment lines (what its dynamic segments selected then
   * is not known). Null for the other breakdowns and before the launch.
   */
  segmentsRecorded: boolean | null;
  freshAt: Date | null;
}
