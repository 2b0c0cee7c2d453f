/**
 * The answers of the campaigns API, as pure types (no Nest, no TypeORM) that the web
 * imports too. Money is in yuan as decimal strings ("50000.00"), dates are local
 * 'YYYY-MM-DD', times of day 'HH:MM'.
 */
import type { Page } from '@lib/common/page';
import type { ProductLine } from '@lib/customers/product-line';
import type { StepChannel } from './campaign-commitment';
import type { CampaignObjective, CampaignStatus, RevisionStatus } from './campaign-status';

export interface CampaignStepView {
  id: number;
  position: number;
  channel: StepChannel;
  templateRef: string | null;
  startOffsetDays: number | null;
  startDate: string | null;
  daysOfWeek: number[];
  windowStart: string | null;
  windowEnd: string | null;
  costPerContact: string;
  dailyCapacity: number | null;
  /** Participating branches the step covers; empty = all of them. */
  branchIds: number[];
}

export interface KpiTargetsView {
  contacts: number | null;
  responseRatePct: number | null;
  conversions: number | null;
  premium: string | null;
}

export interface FieldComment {
  field: string;
  comment: string;
}

export interface ApprovalView {
  reviewRound: number;
  /** 3 city, 2 province, 1 head office. */
  orgLevel: number;
  decision: 'approved' | 'returned';
  decidedBy: number;
  decidedByName: string;
  decidedAt: Date;
  comment: string;
  fieldComments: FieldComment[];
}

/** The plan fields a revision holds: what is edited, compared and approved. */
export interface PlanView {
  name: string;
  objective: CampaignObjective;
  description: string;
  startDate: string | null;
  endDate: string | null;
  includeSegmentIds: number[];
  excludeSegmentIds: number[];
  bundleId: number | null;
  controlSharePct: number;
  priority: number;
  kpiTargets: KpiTargetsView;
  attributionWindowDays: number;
  /** Product lines whose new policies count as conversions besides the bundle's products (the enum's values, so the web can send its own). */
  attributionProductLines: `${ProductLine}`[];
  evaluationFormRef: string | null;
  /** Local dates on which every branch files an interim evaluation report. */
  evaluationCheckpoints: string[];
  /** Days a branch has to file a report; null: the installation's default. */
  evaluationDueDays: number | null;
  budget: string | null;
  branchIds: number[];
  steps: CampaignStepView[];
}

export interface RevisionView extends PlanView {
  id: number;
  number: number;
  status: RevisionStatus;
  reviewRound: number;
  /** The levels whose approval this revision needs in this round, in order (from its budget and the thresholds). */
  requiredApprovalLevels: number[];
  /** Every decision on this revision, oldest first, across all rounds. */
  approvals: ApprovalView[];
  createdAt: Date;
  updatedAt: Date;
}

/** A row of the campaign list and calendar: the plan in force (the approved revision, else the latest). */
export interface CampaignSummary {
  id: number;
  code: string;
  status: CampaignStatus;
  name: string;
  objective: CampaignObjective;
  startDate: string | null;
  endDate: string | null;
  budget: string | null;
  branchIds: number[];
  ownerId: number;
  ownerName: string;
  owningOrgUnitId: number;
  owningOrgUnitName: string;
  owningOrgUnitNameEn: string | null;
  /** The number of the revision shown. */
  revisionNumber: number;
  /** Status of a revision being drafted or reviewed, when there is one. */
  openRevisionStatus: RevisionStatus | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A campaign whose revision under review waits for the caller's approval (the next level required is the caller's). */
export interface AwaitingApproval extends CampaignSummary {
  reviewRevisionNumber: number;
  /** The budget of the revision under review, which routes its approval. */
  reviewBudget: string;
  /** The levels it needs, in order, and those already given in this round. */
  requiredApprovalLevels: number[];
  givenApprovalLevels: number[];
}

export interface CampaignDetail extends CampaignSummary {
  /** The plan in force; null until the first approval. */
  approved: RevisionView | null;
  /** The revision being drafted or reviewed; null when none is. */
  open: RevisionView | null;
  /** Every revision's number and status, oldest first. */
  revisions: { id: number; number: number; status: RevisionStatus; createdAt: Date }[];
}

export interface FieldDifference {
  field: string;
  before: unknown;
  after: unknown;
}

export interface StepDifference {
  position: number;
  change: 'added' | 'removed' | 'changed';
  fields: FieldDifference[];
}

/** A revision compared with the one before it. */
export interface RevisionComparison {
  campaignId: number;
  fromNumber: number | null;
  toNumber: number;
  fields: FieldDifference[];
  steps: StepDifference[];
}

export interface AuditEntryView {
  id: number;
  revisionId: number | null;
  revisionNumber: number | null;
  actorId: number | null;
  actorName: string | null;
  at: Date;
  action: string;
  field: string | null;
  before: unknown;
  after: unknown;
  comment: string | null;
}

export interface ApprovalThresholdsView {
  /** What a city reviewer approves alone, yuan. */
  cityMax: string;
  /** Up to this the province approves; above it the head office approves too. */
  provinceMax: string;
  updatedAt: Date | null;
  updatedByName: string | null;
}

export interface CalendarCampaign extends CampaignSummary {
  /** Mondays of the ISO weeks of the month the campaign runs in. */
  weeks: string[];
  /** True when its audience shares customers with another campaign of the month in a common week. */
  overlapping: boolean;
}

export interface CalendarOverlap {
  campaignIds: [number, number];
  weeks: string[];
  sharedCustomers: number;
}

export interface CampaignCalendar {
  /** 'YYYY-MM'. */
  month: string;
  campaigns: CalendarCampaign[];
  overlaps: CalendarOverlap[];
}

export interface CampaignOverlapRow {
  campaignId: number;
  code: string;
  name: string;
  status: CampaignStatus;
  sharedCustomers: number;
}

/** How many of a campaign's customers are already in other scheduled, running or paused campaigns. */
export interface CampaignOverlap {
  campaignId: number;
  audience: number;
  campaigns: CampaignOverlapRow[];
}

export interface SharedCustomer {
  id: number;
  customerNo: string;
  name: string;
  orgUnitName: string;
  /** The other campaigns the customer is in. */
  campaignIds: number[];
}

export type SharedCustomerPage = Page<SharedCustomer>;
