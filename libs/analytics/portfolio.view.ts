import type { CampaignObjective, CampaignStatus } from '@lib/campaigns/campaign-status';
import type { KpiAttainment } from './campaign-roi.view';
import type { LiftVerdict } from './lift-statistics';

/** GET /api/analytics/portfolio and its CSV and XLSX exports (docs/roi.md). A pure file, shared with the web. */

export const PORTFOLIO_SORTS = [
  'start_date', 'code', 'name', 'status', 'budget', 'spend', 'spend_share', 'contacts', 'responses', 'conversions',
  'premium', 'margin', 'roi', 'lift', 'kpi_attainment',
] as const;
export type PortfolioSort = (typeof PORTFOLIO_SORTS)[number];

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
  /**
   * The evaluation's state, filled by the branch reports (libs/evaluation/reports);
   * null until the campaign has reports.
   */
  evaluationStatus: string | null;
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
