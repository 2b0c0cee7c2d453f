import type { CampaignObjective, CampaignStatus } from '@lib/campaigns/campaign-status';
import type { KpiAttainment } from './campaign-roi.view';
import type { LiftVerdict } from './lift-statistics';

/** GET /api/analytics/portfolio and its CSV and XLSX exports (docs/roi.md). A pure file, shared with the web. */

export const PORTFOLIO_SORTS = [
  'start_date', 'code', 'name', 'status', 'budget', 'spend', 'spend_share', 'contacts', 'responses', 'conversions',
  'premium', 'margin', 'roi', 'lift', 'kpi_attainment',
] as const;
export type PortfolioSort = (typeof PORTFOLIO_SORTS)[number];

/**
 * How far a campaign's completion reports are (docs/evaluation-reports.md), counted over
 * the branches of the portfolio's subtree. `submitted` holds resubmitted reports too;
 * `overdue` counts drafts and returned reports past their due date, also counted as such.
 */
export interface PortfolioEvaluation {
  total: number;
  draft: number;
  submitted: number;
  returned: number;
  approved: number;
  overdue: number;
}

/**
 * Campaigns by their evaluation: with no report yet, with every report approved, with a
 * report returned, with a report overdue.
 */
export const PORTFOLIO_EVALUATIONS = ['none', 'approved', 'returned', 'overdue'] as const;
export type PortfolioEvaluationFilter = (typeof PORTFOLIO_EVALUATIONS)[number];

/** The query: campaigns running at some time in [from, to] owned or worked in the unit's subtree. */
export interface PortfolioQuery {
  from?: string;
  to?: string;
  /** An org unit in the reader's scope; the reader's home unit when absent. */
  unit?: number;
  status?: CampaignStatus[];
  objective?: CampaignObjective;
  /** Code or name contains. */
  q?: string;
  evaluation?: PortfolioEvaluationFilter;
  sort?: PortfolioSort;
  order?: 'asc' | 'desc';
}

export interface PortfolioCampaign {
  campaignId: number;
  code: string;
  name: string;
  status: CampaignStatus;
  objective: CampaignObjective;
  owningOrgUnitId: number;
  owningOrgUnitName: string;
  owningOrgUnitNameEn: string | null;
  startDate: string | null;
  endDate: string | null;
  budget: string | null;
  spend: string;
  /** spend / budget. */
  spendShare: number | null;
  contacts: number;
  responses: number;
  conversions: number;
  premiumWritten: string;
  margin: string;
  roi: number | null;
  /** Absolute conversion lift in rate points, and the verdict of lift-statistics. */
  conversionLift: number | null;
  liftVerdict: LiftVerdict | null;
  kpis: KpiAttainment[];
  /** The mean attainment of the KPIs the plan sets; null when it sets none. */
  kpiAttainment: number | null;
  /** The campaign's completion reports; null until it has any. */
  evaluationStatus: PortfolioEvaluation | null;
}

export interface Portfolio {
  from: string | null;
  to: string | null;
  unitId: number;
  campaigns: PortfolioCampaign[];
  totals: {
    budget: string;
    spend: string;
    premiumWritten: string;
    margin: string;
    roi: number | null;
  };
  freshAt: Date | null;
}

/** Whether a campaign's evaluation is of the kind a filter asks for. */
export function evaluationIs(evaluation: PortfolioEvaluation | null, filter: PortfolioEvaluationFilter): boolean {
  if (filter === 'none') return evaluation === null;
  if (evaluation === null) return false;
  if (filter === 'approved') return evaluation.approved === evaluation.total;
  return evaluation[filter] > 0;
}
