import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, DatePicker, Input, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType, SorterResult } from 'antd/es/table/interface';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { percentText, pointsText } from '@lib/analytics/lift-lines';
import type { PortfolioEvaluationFilter, PortfolioSort } from '@lib/analytics/portfolio.view';
import { CAMPAIGN_OBJECTIVES, CAMPAIGN_STATUSES } from '@lib/campaigns/campaign-status';
import { CodeTag } from '../../components/code-tag';
import { useErrorText, useShowError } from '../../components/errors';
import { OrgUnitSelect } from '../../components/org-units';
import { PageTitle } from '../../components/page-container';
import { EChart } from '../../components/rule-builder/echart';
import { useI18n } from '../../i18n/i18n';
import { compactYuan, displayYuan } from '../budgets/money';
import { OBJECTIVE_LABELS, STATUS_LABELS } from '../campaigns/campaign-text';
import { analyticsApi, type PortfolioQuery, type PortfolioRow, type PortfolioView } from './analytics-api';
import { analyticsText as text, VERDICT_LABELS } from './analytics-text';
import { campaignBarsOption, COLORS } from './roi-charts';

/** The table's sortable columns, by the API's sort names. */
type Filters = PortfolioQuery;

/** This year: a manager's usual period, until the address names another (or none: `from=&to=`). */
function filtersOf(params: URLSearchParams): Filters {
  const day = (name: 'from' | 'to', fallback: Dayjs) => (params.has(name) ? params.get(name) || undefined : fallback.format('YYYY-MM-DD'));
  return {
    from: day('from', dayjs().startOf('year')),
    to: day('to', dayjs().endOf('year')),
    unit: Number(params.get('unit')) || undefined,
    status: (params.get('status')?.split(',').filter(Boolean) as Filters['status']) || undefined,
    objective: (params.get('objective') as Filters['objective']) || undefined,
    q: params.get('q') ?? undefined,
    evaluation: (params.get('evaluation') as PortfolioEvaluationFilter) || undefined,
    sort: (params.get('sort') as PortfolioSort) || undefined,
    order: (params.get('order') as 'asc' | 'desc') || undefined,
  };
}

function paramsOf(filters: Filters): URLSearchParams {
  const params = new URLSearchParams({ from: filters.from ?? '', to: filters.to ?? '' });
  for (const [name, value] of Object.entries(filters)) {
    if (name === 'from' || name === 'to' || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) continue;
    params.set(name, Array.isArray(value) ? value.join(',') : String(value));
  }
  return params;
}

const SORT_OF_COLUMN: Record<string, PortfolioSort> = {
  campaign: 'code', dates: 'start_date', status: 'status', budget: 'budget', spend: 'spend', spendShare: 'spend_share', contacts: 'contacts',
  responses: 'responses', conversions: 'conversions', premium: 'premium', margin: 'margin', roi: 'roi', lift: 'lift', kpiAttainment: 'kpi_attainment',
};

type ChartKind = 'roi' | 'spend';

const EVALUATION_FILTERS: { value: PortfolioEvaluationFilter; label: keyof typeof text }[] = [
  { value: 'none', label: 'evaluationFilterNone' },
  { value: 'approved', label: 'evaluationFilterApproved' },
  { value: 'returned', label: 'evaluationFilterReturned' },
  { value: 'overdue', label: 'evaluationFilterOverdue' },
];

/**
 * Every campaign of a period and an org subtree with its return, lift, spend against
 * budget, KPI attainment and evaluation state (docs/roi-dashboards.md); filtered and
 * sorted by the API, so that the exports hold the same campaigns in the same order.
 */
export default function PortfolioPage() {
  const { pick, label, localName, locale } = useI18n();
  const errorText = useErrorText();
  // The filters live in the address, so that coming back from a campaign's dashboard keeps them.
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersOf(params), [params]);
  const change = (patch: Partial<Filters>) => setParams(paramsOf({ ...filters, ...patch }), { replace: true });
  const [chart, setChart] = useState<ChartKind>('roi');
  const [portfolio, setPortfolio] = useState<PortfolioView>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(true);
  const [saving, setSaving] = useState<'csv' | 'xlsx'>();
  const showError = useShowError();

  // One value per period: a new one on every answer would reset what the reader is typing into the picker.
  const period = useMemo<[Dayjs, Dayjs] | null>(() => (filters.from && filters.to ? [dayjs(filters.from), dayjs(filters.to)] : null), [filters.from, filters.to]);
  const query = useMemo<PortfolioQuery>(() => ({ ...filters, q: filters.q?.trim() || undefined }), [filters]);

  useEffect(() => {
    let stopped = false;
    setLoading(true);
    // Typing in the search box asks once it pauses.
    const timer = setTimeout(() => {
      analyticsApi
        .portfolio(query)
        .then(
          (answer) => {
            if (stopped) return;
            setPortfolio(answer);
            setError(undefined);
          },
          (e: unknown) => !stopped && setError(errorText(e)),
        )
        .finally(() => !stopped && setLoading(false));
    }, 250);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [query, errorText]);

  const campaigns = portfolio?.campaigns ?? [];
  const chartOption = useMemo(() => {
    const labels = campaigns.map((row) => row.code);
    if (chart === 'roi') {
      return campaignBarsOption(labels, [{ name: pick(text.roi), color: COLORS.treatment, values: campaigns.map((row) => row.roi), format: (v) => percentText(v) }]);
    }
    const yuan = (v: number) => compactYuan(v, locale);
    return campaignBarsOption(labels, [
      { name: pick(text.budget), color: COLORS.budget, values: campaigns.map((row) => (row.budget === null ? null : Number(row.budget))), format: yuan },
      { name: pick(text.spend), color: COLORS.automatic, values: campaigns.map((row) => Number(row.spend)), format: yuan },
    ]);
  }, [campaigns, chart, pick, locale]);

  const sortOrder = (column: string) => (SORT_OF_COLUMN[column] === filters.sort ? (filters.order === 'desc' ? 'descend' : 'ascend') : null);
  const columns: ColumnsType<PortfolioRow> = [
    {
      key: 'campaign', title: pick(text.campaign), fixed: 'left', sorter: true, sortOrder: sortOrder('campaign'),
      render: (_, row) => (
        <Space direction="vertical" size={0}>
          <Link to={`/analytics/campaigns/${row.campaignId}`} state={{ portfolio: params.toString() }} data-testid={`portfolio-open-${row.code}`}>{row.code} {row.name}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{localName(row.owningOrgUnitName, row.owningOrgUnitNameEn)} · {label(OBJECTIVE_LABELS, row.objective)}</Typography.Text>
        </Space>
      ),
    },
    { key: 'dates', title: pick(text.dates), sorter: true, sortOrder: sortOrder('dates'), render: (_, row) => <span style={{ whiteSpace: 'nowrap' }}>{row.startDate ?? '—'} ~ {row.endDate ?? '—'}</span> },
    { key: 'status', title: pick(text.status), sorter: true, sortOrder: sortOrder('status'), render: (_, row) => <CodeTag code={row.status} labels={STATUS_LABELS} /> },
    { key: 'budget', title: pick(text.budget), align: 'right', sorter: true, sortOrder: sortOrder('budget'), render: (_, row) => displayYuan(row.budget) },
    { key: 'spend', title: pick(text.spend), align: 'right', sorter: true, sortOrder: sortOrder('spend'), render: (_, row) => displayYuan(row.spend) },
    { key: 'spendShare', title: pick(text.spendShare), align: 'right', sorter: true, sortOrder: sortOrder('spendShare'), render: (_, row) => (row.spendShare === null ? '—' : <span style={{ color: row.spendShare > 1 ? '#b91c1c' : undefined }}>{percentText(row.spendShare)}</span>) },
    { key: 'contacts', title: pick(text.contacts), align: 'right', sorter: true, sortOrder: sortOrder('contacts'), dataIndex: 'contacts' },
    { key: 'responses', title: pick(text.responses), align: 'right', sorter: true, sortOrder: sortOrder('responses'), dataIndex: 'responses' },
    { key: 'conversions', title: pick(text.conversions), align: 'right', sorter: true, sortOrder: sortOrder('conversions'), dataIndex: 'conversions' },
    { key: 'premium', title: pick(text.premium), align: 'right', sorter: true, sortOrder: sortOrder('premium'), render: (_, row) => displayYuan(row.premiumWritten) },
    { key: 'margin', title: pick(text.margin), align: 'right', sorter: true, sortOrder: sortOrder('margin'), render: (_, row) => displayYuan(row.margin) },
    { key: 'roi', title: pick(text.roi), align: 'right', sorter: true, sortOrder: sortOrder('roi'), render: (_, row) => <span data-testid={`portfolio-roi-${row.code}`}>{row.roi === null ? '—' : percentText(row.roi)}</span> },
    {
      key: 'lift', title: pick(text.lift), sorter: true, sortOrder: sortOrder('lift'),
      render: (_, row) => {
        const verdict = row.liftVerdict ? VERDICT_LABELS[row.liftVerdict] : undefined;
        return (
          <span style={{ whiteSpace: 'nowrap' }}>
            {row.conversionLift === null ? '' : `${pointsText(row.conversionLift)} `}
            {verdict && <Tag color={verdict.color}>{pick(verdict.label)}</Tag>}
          </span>
        );
      },
    },
    { key: 'kpiAttainment', title: pick(text.kpiAttainment), align: 'right', sorter: true, sortOrder: sortOrder('kpiAttainment'), render: (_, row) => (row.kpiAttainment === null ? '—' : percentText(row.kpiAttainment)) },
    {
      key: 'evaluationStatus', title: pick(text.evaluationStatus),
      render: (_, row) => {
        const evaluation = row.evaluationStatus;
        if (!evaluation) return <Typography.Text type="secondary">{pick(text.noEvaluation)}</Typography.Text>;
        return (
          <span style={{ whiteSpace: 'nowrap' }} data-testid={`portfolio-evaluation-${row.code}`}>
            <Tag color={evaluation.approved === evaluation.total ? 'green' : undefined}>{pick(text.evaluationApproved, { approved: evaluation.approved, total: evaluation.total })}</Tag>
            {evaluation.submitted > 0 && <Tag color="blue">{pick(text.evaluationSubmitted, { count: evaluation.submitted })}</Tag>}
            {evaluation.returned > 0 && <Tag color="orange">{pick(text.evaluationReturned, { count: evaluation.returned })}</Tag>}
            {evaluation.overdue > 0 && <Tag color="red">{pick(text.evaluationOverdue, { count: evaluation.overdue })}</Tag>}
          </span>
        );
      },
    },
  ];

  const save = (format: 'csv' | 'xlsx') => {
    setSaving(format);
    analyticsApi.savePortfolio(query, format, locale).catch(showError).finally(() => setSaving(undefined));
  };

  const onSort = (sorter: SorterResult<PortfolioRow> | SorterResult<PortfolioRow>[]) => {
    const one = Array.isArray(sorter) ? sorter[0] : sorter;
    const column = one?.columnKey ? SORT_OF_COLUMN[String(one.columnKey)] : undefined;
    change(column && one.order ? { sort: column, order: one.order === 'descend' ? 'desc' : 'asc' } : { sort: undefined, order: undefined });
  };

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <PageTitle title={pick(text.portfolioTitle)} subtitle={pick(text.portfolioSubtitle)} />
      <Card size="small">
        <Space wrap>
          <DatePicker.RangePicker
            value={period}
            onChange={(range) => change({ from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') })}
            placeholder={[pick(text.from), pick(text.to)]}
            aria-label={pick(text.period)}
            data-testid="portfolio-period"
          />
          <OrgUnitSelect value={filters.unit} onChange={(unit) => change({ unit })} placeholder={pick(text.unit)} />
          <Select
            mode="multiple"
            allowClear
            value={filters.status ?? []}
            onChange={(status: string[]) => change({ status: status as Filters['status'] })}
            placeholder={pick(text.status)}
            aria-label={pick(text.status)}
            style={{ minWidth: 180 }}
            options={CAMPAIGN_STATUSES.map((code) => ({ value: code, label: pick(STATUS_LABELS[code].label) }))}
            data-testid="portfolio-status"
          />
          <Select
            allowClear
            value={filters.objective}
            onChange={(objective?: string) => change({ objective: objective as Filters['objective'] })}
            placeholder={pick(text.objective)}
            aria-label={pick(text.objective)}
            style={{ minWidth: 150 }}
            options={CAMPAIGN_OBJECTIVES.map((code) => ({ value: code, label: label(OBJECTIVE_LABELS, code) }))}
          />
          <Select
            allowClear
            value={filters.evaluation}
            onChange={(evaluation?: PortfolioEvaluationFilter) => change({ evaluation })}
            placeholder={pick(text.evaluationFilter)}
            aria-label={pick(text.evaluationFilter)}
            style={{ minWidth: 150 }}
            options={EVALUATION_FILTERS.map((option) => ({ value: option.value, label: pick(text[option.label]) }))}
            data-testid="portfolio-evaluation"
          />
          <Input.Search allowClear value={filters.q ?? ''} onChange={(e) => change({ q: e.target.value })} placeholder={pick(text.search)} aria-label={pick(text.search)} style={{ width: 220 }} data-testid="portfolio-search" />
          <Button icon={<DownloadOutlined />} loading={saving === 'csv'} onClick={() => save('csv')} data-testid="portfolio-csv">{pick(text.exportCsv)}</Button>
          <Button icon={<DownloadOutlined />} loading={saving === 'xlsx'} onClick={() => save('xlsx')} data-testid="portfolio-xlsx">{pick(text.exportXlsx)}</Button>
        </Space>
      </Card>
      {error && <Alert type="error" showIcon message={error} />}
      <Card
        title={pick(chart === 'roi' ? text.roiByCampaign : text.spendVsBudgetByCampaign)}
        extra={
          <Segmented<ChartKind>
            value={chart}
            onChange={setChart}
            options={[
              { value: 'roi', label: pick(text.roi) },
              { value: 'spend', label: pick(text.spendVsBudget) },
            ]}
          />
        }
      >
        <EChart option={chartOption} height={280} testId="portfolio-chart" label={pick(chart === 'roi' ? text.roiByCampaign : text.spendVsBudgetByCampaign)} />
      </Card>
      <Table<PortfolioRow>
        rowKey="campaignId"
        size="small"
        loading={loading}
        columns={columns}
        dataSource={campaigns}
        onChange={(_, __, sorter) => onSort(sorter)}
        pagination={campaigns.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: pick(text.noCampaigns) }}
        data-testid="portfolio-table"
        summary={() =>
          portfolio && campaigns.length > 0 ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={3}><Typography.Text strong>{pick(text.totals)}</Typography.Text></Table.Summary.Cell>
              <Table.Summary.Cell index={3} align="right">{displayYuan(portfolio.totals.budget)}</Table.Summary.Cell>
              <Table.Summary.Cell index={4} align="right">{displayYuan(portfolio.totals.spend)}</Table.Summary.Cell>
              <Table.Summary.Cell index={5} colSpan={4} />
              <Table.Summary.Cell index={9} align="right">{displayYuan(portfolio.totals.premiumWritten)}</Table.Summary.Cell>
              <Table.Summary.Cell index={10} align="right">{displayYuan(portfolio.totals.margin)}</Table.Summary.Cell>
              <Table.Summary.Cell index={11} align="right" >{portfolio.totals.roi === null ? '—' : percentText(portfolio.totals.roi)}</Table.Summary.Cell>
              <Table.Summary.Cell index={12} colSpan={3} />
            </Table.Summary.Row>
          ) : null
        }
      />
      {portfolio?.freshAt && <Typography.Text type="secondary">{pick(text.freshAt, { time: new Date(portfolio.freshAt).toLocaleString(locale === 'zh' ? 'zh-CN' : 'en-GB') })}</Typography.Text>}
    </Space>
  );
}
