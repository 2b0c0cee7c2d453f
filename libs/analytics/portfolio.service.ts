import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OrgScope } from '@lib/auth';
import { visibleCampaign } from '@lib/campaigns';
import type { CampaignObjective, CampaignStatus } from '@lib/campaigns/campaign-status';
import { CsvCell, formatYuan, Language, LOCAL_TODAY_SQL, NotFoundError, ValidationError } from '@lib/common';
import { CampaignRollups } from './campaign-rollups';
import { OBJECTIVE_NAMES, STATUS_NAMES, VERDICT_NAMES } from './export-labels';
import { evaluationIs } from './portfolio.view';
import type { Portfolio, PortfolioCampaign, PortfolioEvaluation, PortfolioQuery, PortfolioSort } from './portfolio.view';
import { campaignFigures, campaignLift, fen, FigureSums, groupFigures, GroupSums, kpiAttainment, KpiTargets, meanAttainment } from './roi-figures';

interface PortfolioRow extends KpiTargets, FigureSums {
  id: number;
  code: string;
  status: CampaignStatus;
  name: string;
  objective: CampaignObjective;
  owning_org_unit_id: number;
  owning_name: string;
  owning_name_en: string | null;
  start_date: string | null;
  end_date: string | null;
  control_share_pct: string;
  budget: string | null;
  treatment: GroupSums | null;
  control: GroupSums | null;
  evaluation: PortfolioEvaluation | null;
}

/**
 * Every campaign the reader sees in a period and org subtree, with its figures from the
 * unit rollups limited to that subtree, in one statement; then lift and attainment per
 * campaign. The groups' conversions here are by the contact's unit, their members by
 * the member's.
 */
const PORTFOLIO_SQL = `
  WITH units AS (SELECT id FROM org_units WHERE path LIKE $1),
  picked AS (
    SELECT c.id, c.code, c.status, r.name, r.objective, c.owning_org_unit_id, ou.name AS owning_name, ou.name_en AS owning_name_en,
           to_char(r.start_date, 'YYYY-MM-DD') AS start_date, to_char(r.end_date, 'YYYY-MM-DD') AS end_date,
           coalesce(l.control_share_pct, r.control_share_pct)::text AS control_share_pct,
           r.target_contacts, r.target_response_rate_pct::text, r.target_conversions, r.target_premium::text,
           CASE WHEN ou.path LIKE $1
                THEN (cb.plan_budget + coalesce((SELECT sum(q.amount) FROM budget_raise_requests q
                        WHERE q.campaign_id = c.id AND q.revision_id = cb.revision_id AND q.status = 'approved'), 0))::text
                ELSE (SELECT sum(a.amount)::text FROM budget_allocations a WHERE a.revision_id = cb.revision_id AND a.branch_id IN (SELECT id FROM units))
           END AS budget
      FROM campaigns c
      JOIN org_units ou ON ou.id = c.owning_org_unit_id
      JOIN LATERAL (SELECT * FROM campaign_revisions sr WHERE sr.campaign_id = c.id
                     ORDER BY (sr.id = c.approved_revision_id) DESC NULLS LAST, sr.number DESC LIMIT 1) r ON true
      LEFT JOIN campaign_launches l ON l.campaign_id = c.id
      LEFT JOIN campaign_budgets cb ON cb.campaign_id = c.id
     WHERE ${visibleCampaign(1)}
       AND ($2::date IS NULL OR r.end_date IS NULL OR r.end_date >= $2::date)
       AND ($3::date IS NULL OR r.start_date IS NULL OR r.start_date <= $3::date)
       AND ($4::text[] IS NULL OR c.status = ANY($4::text[]))
       AND ($5::text IS NULL OR r.objective = $5::text)
       AND ($6::text IS NULL OR c.code ILIKE '%' || $6::text || '%' OR r.name ILIKE '%' || $6::text || '%')
  ),
  contact_sums AS (
    SELECT r.campaign_id,
           sum(r.contacts) FILTER (WHERE NOT r.control)::int AS contacts, sum(r.delivered) FILTER (WHERE NOT r.control)::int AS delivered,
           sum(r.responses) FILTER (WHERE NOT r.control)::int AS responses, sum(r.conversions) FILTER (WHERE NOT r.control)::int AS conversions,
           coalesce(sum(r.premium) FILTER (WHERE NOT r.control), 0)::text AS premium,
           coalesce(sum(r.margin) FILTER (WHERE NOT r.control), 0)::text AS margin
      FROM campaign_unit_rollups r
     WHERE r.campaign_id IN (SELECT id FROM picked) AND r.org_unit_id IN (SELECT id FROM units)
     GROUP BY r.campaign_id
  ),
  spend_sums AS (
    SELECT s.campaign_id, sum(s.automatic)::text AS automatic, sum(s.manual)::text AS manual
      FROM campaign_unit_rollups s
     WHERE s.campaign_id IN (SELECT id FROM picked) AND s.org_unit_id IN (SELECT id FROM units)
     GROUP BY s.campaign_id
  ),
  member_sums AS (
    SELECT m.campaign_id, m.control,
           json_build_object('members', sum(m.members), 'responders', sum(m.responders), 'converters', sum(m.converters),
                             'conversions', sum(m.conversions), 'premium', sum(m.premium)::text) AS sums
      FROM campaign_unit_rollups m
     WHERE m.campaign_id IN (SELECT id FROM picked) AND m.org_unit_id IN (SELECT id FROM units)
     GROUP BY m.campaign_id, m.control
  ),
  -- The evaluation reports' table, read as the reports define it (libs/evaluation/reports/report-status.ts).
  evaluations AS (
    SELECT e.campaign_id,
           json_build_object('total', count(*), 'draft', count(*) FILTER (WHERE e.status = 'draft'),
                             'submitted', count(*) FILTER (WHERE e.status IN ('submitted', 'resubmitted')),
                             'returned', count(*) FILTER (WHERE e.status = 'returned'),
                             'approved', count(*) FILTER (WHERE e.status = 'approved'),
                             'overdue', count(*) FILTER (WHERE e.status IN ('draft', 'returned') AND e.due_date < ${LOCAL_TODAY_SQL})) AS sums
      FROM evaluation_reports e
     WHERE e.campaign_id IN (SELECT id FROM picked) AND e.occasion = 'completion' AND e.branch_id IN (SELECT id FROM units)
     GROUP BY e.campaign_id
  )
  SELECT p.*, cs.contacts, cs.delivered, cs.responses, cs.conversions, cs.premium, cs.margin,
         coalesce(ss.automatic, '0') AS automatic, coalesce(ss.manual, '0') AS manual,
         (SELECT sums FROM member_sums m WHERE m.campaign_id = p.id AND NOT m.control) AS treatment,
         (SELECT sums FROM member_sums m WHERE m.campaign_id = p.id AND m.control) AS control,
         ev.sums AS evaluation
    FROM picked p
    LEFT JOIN evaluations ev ON ev.campaign_id = p.id
    LEFT JOIN contact_sums cs ON cs.campaign_id = p.id
    LEFT JOIN spend_sums ss ON ss.campaign_id = p.id`;

const SORT_VALUE: Record<PortfolioSort, (row: PortfolioCampaign) => string | number | null> = {
  start_date: (row) => row.startDate,
  code: (row) => row.code,
  name: (row) => row.name,
  status: (row) => row.status,
  budget: (row) => (row.budget === null ? null : fen(row.budget)),
  spend: (row) => fen(row.spend),
  spend_share: (row) => row.spendShare,
  contacts: (row) => row.contacts,
  responses: (row) => row.responses,
  conversions: (row) => row.conversions,
  premium: (row) => fen(row.premiumWritten),
  margin: (row) => fen(row.margin),
  roi: (row) => row.roi,
  lift: (row) => row.conversionLift,
  kpi_attainment: (row) => row.kpiAttainment,
};

/** The columns of the portfolio's CSV and XLSX exports, in each language of the UI. */
export const PORTFOLIO_COLUMNS: Record<Language, readonly string[]> = {
  zh: ['活动编号', '活动名称', '状态', '目标', '所属机构', '开始日期', '结束日期', '预算', '支出', '支出/预算', '接触', '响应', '转化',
    '保费', '边际利润', 'ROI', '转化提升（百分点）', '提升结论', 'KPI 达成率', '评估状态'],
  en: ['Code', 'Name', 'Status', 'Objective', 'Owning unit', 'Start', 'End', 'Budget', 'Spend', 'Spend / budget', 'Contacts', 'Responses',
    'Conversions', 'Premium', 'Margin', 'ROI', 'Conversion lift (points)', 'Lift verdict', 'KPI attainment', 'Evaluation status'],
};

@Injectable()
export class PortfolioService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rollups: CampaignRollups,
  ) {}

  async portfolio(scope: OrgScope, query: PortfolioQuery): Promise<Portfolio> {
    if (query.from && query.to && query.to < query.from) throw new ValidationError([{ field: 'to', code: 'period_reversed', params: {} }]);
    const unit = await this.unitOf(scope, query.unit);
    const rows: PortfolioRow[] = await this.dataSource.query(PORTFOLIO_SQL, [
      unit.pathPattern,
      query.from ?? null,
      query.to ?? null,
      query.status?.length ? query.status : null,
      query.objective ?? null,
      query.q?.trim() || null,
    ]);
    const evaluation = query.evaluation;
    const campaigns = rows.map(toCampaign).filter((row) => !evaluation || evaluationIs(row.evaluationStatus, evaluation));
    const sort = SORT_VALUE[query.sort ?? 'start_date'];
    const direction = query.order === 'asc' ? 1 : -1;
    campaigns.sort((a, b) => compare(sort(a), sort(b), direction) || b.campaignId - a.campaignId);
    const sum = (pick: (row: PortfolioCampaign) => string | null) => campaigns.reduce((total, row) => total + fen(pick(row)), 0);
    const spendFen = sum((row) => row.spend);
    const marginFen = sum((row) => row.margin);
    return {
      from: query.from ?? null,
      to: query.to ?? null,
      unitId: unit.orgUnitId,
      campaigns,
      totals: {
        budget: formatYuan(sum((row) => row.budget)),
        spend: formatYuan(spendFen),
        premiumWritten: formatYuan(sum((row) => row.premiumWritten)),
        margin: formatYuan(marginFen),
        roi: spendFen ? (marginFen - spendFen) / spendFen : null,
      },
      freshAt: await this.rollups.freshAt(),
    };
  }

  /** The portfolio's rows as export cells, in the order of PORTFOLIO_COLUMNS. */
  exportRows(portfolio: Portfolio, language: Language): CsvCell[][] {
    return portfolio.campaigns.map((row) => [
      row.code,
      row.name,
      STATUS_NAMES[row.status][language],
      OBJECTIVE_NAMES[row.objective][language],
      language === 'en' ? (row.owningOrgUnitNameEn ?? row.owningOrgUnitName) : row.owningOrgUnitName,
      row.startDate,
      row.endDate,
      row.budget,
      row.spend,
      row.spendShare,
      row.contacts,
      row.responses,
      row.conversions,
      row.premiumWritten,
      row.margin,
      row.roi,
      row.conversionLift === null ? null : row.conversionLift * 100,
      row.liftVerdict === null ? null : VERDICT_NAMES[row.liftVerdict][language],
      row.kpiAttainment,
      evaluationText(row.evaluationStatus, language),
    ]);
  }

  /** The reader's home unit, or a unit of their scope they name; 404 for one outside it. */
  private async unitOf(scope: OrgScope, unitId: number | undefined): Promise<OrgScope> {
    if (unitId === undefined || unitId === scope.orgUnitId) return scope;
    const [unit] = await this.dataSource.query(`SELECT id, path FROM org_units WHERE id = $1 AND path LIKE $2`, [unitId, scope.pathPattern]);
    if (!unit) throw new NotFoundError('org_unit', unitId);
    return new OrgScope(unit.id, unit.path);
  }
}

function toCampaign(row: PortfolioRow): PortfolioCampaign {
  const figures = campaignFigures({
    contacts: row.contacts ?? 0,
    delivered: row.delivered ?? 0,
    responses: row.responses ?? 0,
    conversions: row.conversions ?? 0,
    premium: row.premium ?? '0',
    margin: row.margin ?? '0',
    automatic: row.automatic,
    manual: row.manual,
  });
  const treatment = groupFigures(row.treatment ?? undefined);
  const control = groupFigures(row.control ?? undefined);
  const launched = treatment.members + control.members > 0;
  const lift = launched ? campaignLift(treatment, control, Number(row.control_share_pct)).conversion : null;
  const kpis = kpiAttainment(row, figures, treatment);
  const spend = figures.spend?.total ?? '0.00';
  const budgetFen = row.budget === null ? null : fen(row.budget);
  return {
    campaignId: row.id,
    code: row.code,
    name: row.name,
    status: row.status,
    objective: row.objective,
    owningOrgUnitId: row.owning_org_unit_id,
    owningOrgUnitName: row.owning_name,
    owningOrgUnitNameEn: row.owning_name_en,
    startDate: row.start_date,
    endDate: row.end_date,
    budget: budgetFen === null ? null : formatYuan(budgetFen),
    spend,
    spendShare: budgetFen ? fen(spend) / budgetFen : null,
    contacts: figures.contacts,
    responses: figures.responses,
    conversions: figures.conversions,
    premiumWritten: figures.premiumWritten,
    margin: figures.margin,
    roi: figures.roi,
    conversionLift: lift?.absoluteLift ?? null,
    liftVerdict: lift?.verdict ?? null,
    kpis,
    kpiAttainment: meanAttainment(kpis),
    evaluationStatus: row.evaluation,
  };
}

/** "2 of 3 approved, 1 returned, 1 overdue" in the export's language. */
export function evaluationText(evaluation: PortfolioEvaluation | null, language: Language): string {
  if (evaluation === null) return language === 'en' ? 'no reports yet' : '尚无评估报告';
  const { total, approved, submitted, returned, overdue } = evaluation;
  const parts = language === 'en'
    ? [`${approved} of ${total} approved`, submitted && `${submitted} awaiting review`, returned && `${returned} returned`, overdue && `${overdue} overdue`]
    : [`${total} 份中 ${approved} 份已通过`, submitted && `${submitted} 份待审核`, returned && `${returned} 份已退回`, overdue && `${overdue} 份已逾期`];
  return parts.filter(Boolean).join(language === 'en' ? ', ' : '，');
}

/** Nulls last whichever the direction. */
function compare(a: string | number | null, b: string | number | null, direction: number): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return direction * (typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b), 'zh'));
}
