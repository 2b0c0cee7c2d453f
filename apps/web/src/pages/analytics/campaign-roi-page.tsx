import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Card, Col, Empty, Flex, Row, Space, Spin, Statistic, Table, Tabs, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router-dom';
import { percentText } from '@lib/analytics/lift-lines';
import { ROI_BREAKDOWNS } from '@lib/analytics/campaign-roi.view';
import { CodeTag } from '../../components/code-tag';
import { LoadFailure } from '../../components/load-failure';
import { PageHeading } from '../../components/page-container';
import { EChart } from '../../components/rule-builder/echart';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../../session/session';
import { displayYuan } from '../budgets/money';
import { CHANNEL_LABELS, STATUS_LABELS } from '../campaigns/campaign-text';
import { analyticsApi, type DrillDownFilter, type Roi, type RoiBreakdown, type RoiRow } from './analytics-api';
import { analyticsText as text, BREAKDOWN_LABELS, KPI_LABELS } from './analytics-text';
import { BreakdownTable } from './breakdown-table';
import { CustomerDrillDown, type DrillDownTarget } from './customer-drill-down';
import { LiftPanel } from './lift-panel';
import { COLORS, comparisonOption, dailyOption, funnelOption, spendVsBudgetOption } from './roi-charts';

/** A KPI card; a count opens the customers behind it. */
function Figure({ title, value, hint, onOpen, testId }: { title: string; value: string | number; hint?: string; onOpen?: () => void; testId: string }) {
  const { pick } = useI18n();
  return (
    <Card size="small" style={{ height: '100%' }}>
      <Statistic title={title} value={value} valueStyle={{ fontSize: 20 }} data-testid={testId} />
      {hint && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{hint}</Typography.Text>}
      {onOpen && (
        <div>
          <Typography.Link onClick={onOpen} data-testid={`${testId}-customers`} style={{ fontSize: 12 }}>{pick(text.showCustomers)}</Typography.Link>
        </div>
      )}
    </Card>
  );
}

/** A KPI target or actual as the plan states it: a rate, yuan or a count. */
function kpiValue(figure: string, value: string | null): string {
  if (value === null) return '—';
  if (figure === 'response_rate') return percentText(Number(value));
  if (figure === 'premium') return displayYuan(value);
  return value;
}

/**
 * The ROI dashboard of one campaign (docs/roi-dashboards.md): its figures within the
 * reader's scope from the rollups, spend against budget, the funnel per channel, lift
 * over the control group, branches compared, the daily trend and every breakdown, each
 * count opening the customers behind it.
 */
export default function CampaignRoiPage() {
  const { id } = useParams();
  const campaignId = Number(id);
  // Back to the portfolio as its filters were, when the reader came from there.
  const portfolioFilters = (useLocation().state as { portfolio?: string } | null)?.portfolio;
  const portfolioUrl = `/analytics/portfolio${portfolioFilters ? `?${portfolioFilters}` : ''}`;
  const { pick, label, localName, locale } = useI18n();
  // The readers of evaluation reports (routes.tsx); others would find the reports page closed to them.
  const mayReadReports = useSession().hasAnyRole(['branch_executor', 'reviewer', 'campaign_manager', 'analyst']);
  const [roi, setRoi] = useState<Roi>();
  const [error, setError] = useState<unknown>();
  const [rows, setRows] = useState<Partial<Record<RoiBreakdown, RoiRow[]>>>({});
  const [segmentsRecorded, setSegmentsRecorded] = useState<boolean | null>(null);
  const [tab, setTab] = useState<RoiBreakdown>('channel');
  const [drillDown, setDrillDown] = useState<DrillDownTarget | null>(null);

  useEffect(() => {
    analyticsApi.campaign(campaignId).then(setRoi, setError);
  }, [campaignId]);
  const loadRows = useCallback(
    (by: RoiBreakdown) => {
      analyticsApi.breakdown(campaignId, by).then((answer) => {
        if (by === 'segment') setSegmentsRecorded(answer.segmentsRecorded);
        setRows((known) => ({ ...known, [by]: answer.rows }));
      }, setError);
    },
    [campaignId],
  );
  useEffect(() => loadRows('branch'), [loadRows]);
  useEffect(() => {
    if (!rows[tab]) loadRows(tab);
  }, [tab, rows, loadRows]);

  const open = useCallback((filter: DrillDownFilter, scopeLabel?: string) => setDrillDown({ filter, scopeLabel }), []);
  const branchLabel = useCallback((row: RoiRow) => localName(row.label, row.labelEn), [localName]);

  const spendOption = useMemo(
    () =>
      roi &&
      spendVsBudgetOption(
        roi.budget,
        roi.figures.spend,
        { budget: pick(text.budget), automatic: pick(text.automaticSpend), manual: pick(text.manualSpend), spend: pick(text.spend) },
        locale,
      ),
    [roi, pick, locale],
  );
  const funnels = useMemo(
    () =>
      (roi?.funnels ?? []).map((funnel) => ({
        channel: funnel.channel,
        option: funnelOption(label(CHANNEL_LABELS, funnel.channel), [
          { name: pick(text.funnelMembers), value: funnel.members },
          { name: pick(text.contacts), value: funnel.contacts },
          { name: pick(text.delivered), value: funnel.delivered },
          { name: pick(text.responses), value: funnel.responses },
          { name: pick(text.conversions), value: funnel.conversions },
        ]),
      })),
    [roi, pick, label],
  );
  const branchRows = rows.branch ?? [];
  const branchOption = useMemo(
    () =>
      comparisonOption(
        branchRows.map(branchLabel),
        [
          { name: pick(text.treatment), color: COLORS.treatment, values: branchRows.map((row) => row.treatment?.conversionRate ?? null) },
          { name: pick(text.control), color: COLORS.control, values: branchRows.map((row) => row.control?.conversionRate ?? null) },
        ],
      ),
    [branchRows, branchLabel, pick],
  );
  const trendOption = useMemo(
    () =>
      roi &&
      dailyOption(
        roi.daily.map((day) => day.day),
        [
          { name: pick(text.contacts), color: COLORS.contacts, values: roi.daily.map((day) => day.contacts) },
          { name: pick(text.responses), color: COLORS.responses, values: roi.daily.map((day) => day.responses) },
          { name: pick(text.conversions), color: COLORS.conversions, values: roi.daily.map((day) => day.conversions) },
          { name: pick(text.controlConversions), color: COLORS.control, values: roi.daily.map((day) => day.controlConversions) },
        ],
        { name: pick(text.spend), values: roi.daily.map((day) => day.spend) },
        locale,
      ),
    [roi, pick, locale],
  );

  if (error && !roi) return <LoadFailure error={error} backTo={portfolioUrl} backLabel={pick(text.backToPortfolio)} />;
  if (!roi) return <Spin style={{ display: 'block', margin: '80px auto' }} />;

  const { figures } = roi;
  const spend = figures.spend;
  const kpiColumns = [
    { key: 'figure', title: pick(text.kpis), render: (_: unknown, kpi: Roi['kpis'][number]) => label(KPI_LABELS, kpi.figure) },
    { key: 'target', title: pick(text.target), align: 'right' as const, render: (_: unknown, kpi: Roi['kpis'][number]) => (kpi.target === null ? pick(text.noTarget) : kpiValue(kpi.figure, kpi.target)) },
    { key: 'actual', title: pick(text.actual), align: 'right' as const, render: (_: unknown, kpi: Roi['kpis'][number]) => kpiValue(kpi.figure, kpi.actual) },
    { key: 'attainment', title: pick(text.kpiAttainment), align: 'right' as const, render: (_: unknown, kpi: Roi['kpis'][number]) => (kpi.attainment === null ? '—' : percentText(kpi.attainment)) },
  ];

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Space align="center" wrap>
          <Link to={portfolioUrl} aria-label={pick(text.backToPortfolio)}><ArrowLeftOutlined /></Link>
          <PageHeading testId="roi-title">{roi.code} {roi.name} · {pick(text.dashboardTitle)}</PageHeading>
          <CodeTag code={roi.status} labels={STATUS_LABELS} />
        </Space>
        <Space wrap>
          {roi.freshAt && <Typography.Text type="secondary">{pick(text.freshAt, { time: new Date(roi.freshAt).toLocaleString(locale === 'zh' ? 'zh-CN' : 'en-GB') })}</Typography.Text>}
          {mayReadReports && <Link to={`/campaigns/${roi.campaignId}/evaluation-reports`} data-testid="roi-reports">{pick(text.sideBySideReports)}</Link>}
          <Link to={`/campaigns/${roi.campaignId}`}>{pick(text.campaignPage)}</Link>
        </Space>
      </Flex>
      {!roi.launchedAt && <Empty description={pick(text.notLaunched)} />}
      <Row gutter={[12, 12]} data-testid="kpi-cards">
        {[
          { key: 'budget', title: pick(text.budget), value: displayYuan(roi.budget) },
          {
            key: 'spend', title: pick(text.spend), value: displayYuan(spend?.total),
            hint: spend ? `${pick(text.automaticSpend)} ${displayYuan(spend.automatic)} · ${pick(text.manualSpend)} ${displayYuan(spend.manual)}` : undefined,
          },
          { key: 'contacts', title: pick(text.contacts), value: figures.contacts, onOpen: () => open({ kind: 'contacts' }) },
          { key: 'responses', title: pick(text.responses), value: figures.responses, onOpen: () => open({ kind: 'responders' }) },
          { key: 'conversions', title: pick(text.conversions), value: figures.conversions, onOpen: () => open({ kind: 'converters' }) },
          { key: 'premium', title: pick(text.premium), value: displayYuan(figures.premiumWritten) },
          { key: 'margin', title: pick(text.margin), value: displayYuan(figures.margin) },
          { key: 'roi', title: pick(text.roi), value: figures.roi === null ? '—' : percentText(figures.roi), hint: pick(text.roiHint) },
          { key: 'costPerResponse', title: pick(text.costPerResponse), value: displayYuan(figures.costPerResponse) },
          { key: 'costPerConversion', title: pick(text.costPerConversion), value: displayYuan(figures.costPerConversion) },
        ].map(({ key, ...card }) => (
          <Col key={key} xs={12} md={8} xl={4} xxl={4}>
            <Figure {...card} testId={`kpi-${key}`} />
          </Col>
        ))}
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={pick(text.spendVsBudget)} style={{ height: '100%' }}>
            {spendOption && <EChart option={spendOption} height={180} testId="spend-chart" label={pick(text.spendVsBudget)} />}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={pick(text.kpis)} style={{ height: '100%' }}>
            <Table size="small" rowKey="figure" pagination={false} columns={kpiColumns} dataSource={roi.kpis} data-testid="kpi-table" />
          </Card>
        </Col>
      </Row>
      <LiftPanel roi={roi} onDrillDown={(filter) => open(filter)} />
      <Card title={pick(text.funnel)}>
        <Row gutter={[16, 16]}>
          {funnels.map((funnel) => (
            <Col key={funnel.channel} xs={24} md={12} xl={6}>
              <Typography.Text strong>{label(CHANNEL_LABELS, funnel.channel)}</Typography.Text>
              <EChart
                option={funnel.option}
                height={220}
                testId={`funnel-${funnel.channel}`}
                label={`${pick(text.funnel)}: ${label(CHANNEL_LABELS, funnel.channel)}`}
                onClick={(event) => {
                  const kind = (['members', 'contacts', 'contacts', 'responders', 'converters'] as const)[event.dataIndex];
                  if (kind !== 'members') open({ kind, channel: funnel.channel }, label(CHANNEL_LABELS, funnel.channel));
                }}
              />
            </Col>
          ))}
        </Row>
      </Card>
      <Card title={pick(text.branchComparison)}>
        <EChart option={branchOption} height={260} testId="branch-chart" label={pick(text.branchComparison)} />
        <BreakdownTable by="branch" rows={branchRows} loading={!rows.branch} onDrillDown={open} />
      </Card>
      <Card title={pick(text.dailyTrend)}>
        {trendOption && <EChart option={trendOption} height={280} testId="daily-chart" label={pick(text.dailyTrend)} />}
      </Card>
      <Card title={pick(text.breakdowns)}>
        <Tabs
          activeKey={tab}
          onChange={(key) => setTab(key as RoiBreakdown)}
          items={ROI_BREAKDOWNS.map((by) => ({
            key: by,
            label: label(BREAKDOWN_LABELS, by),
            children: (
              <Flex vertical gap={8}>
                {by === 'segment' && rows.segment && segmentsRecorded !== null && (
                  <Alert
                    type={segmentsRecorded ? 'info' : 'warning'}
                    showIcon
                    message={pick(segmentsRecorded ? text.segmentsOverlap : text.segmentsNotRecorded)}
                    data-testid="segment-note"
                  />
                )}
                <BreakdownTable by={by} rows={rows[by] ?? []} loading={!rows[by]} onDrillDown={open} />
              </Flex>
            ),
          }))}
        />
      </Card>
      <CustomerDrillDown campaignId={campaignId} target={drillDown} onClose={() => setDrillDown(null)} />
    </Flex>
  );
}
