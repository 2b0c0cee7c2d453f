import { ReloadOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, App, Badge, Button, Card, Col, Descriptions, Divider, Form, InputNumber, Row, Space, Table, TreeSelect, Typography } from 'antd';
import type { Serialized } from '@lib/common/serialized';
import type {
  RecomputeQueued, TierDistribution, ValueTierSettingsInput, ValueTierSettingsView, ValueTierStatus,
} from '@lib/value-tiers/value-tier.view';
import dayjs from 'dayjs';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../../api/client';
import { EChart, type ChartOption } from '../../components/rule-builder/echart';
import { tierColors, tierLabels } from '../../components/rule-builder/labels';
import { useRuleCatalog } from '../../components/rule-builder/use-rule-catalog';
import { orgUnitTree } from '../../components/rule-builder/value-input';
import { useShowError } from '../../components/errors';
import { PageTitle } from '../../components/page-container';
import { useI18n, type Text } from '../../i18n/i18n';
import { useSession } from '../../session/session';
import { PLANNING_WRITERS } from '../segments/segment-api';

/** The settings form holds what GET answers; it sends them back without the time stamp. */
type TierSettings = Partial<Pick<ValueTierSettingsView, 'updatedAt'>> & ValueTierSettingsInput;
type TierStatus = Serialized<ValueTierStatus>;

const text = {
  title: { zh: '客户价值等级', en: 'Value tiers' },
  subtitle: { zh: '按保费、边际贡献、客户年限和持有险种数评分，划分金牌、银牌、普通与不服务客户', en: 'Customers scored on premium, margin, tenure and product lines held, then tiered gold, silver, ordinary and do-not-serve' },
  settings: { zh: '评分设置', en: 'Scoring settings' },
  formula: { zh: '评分 = 权重×年保费/1000 + 权重×边际贡献/1000 + 权重×客户年限 + 权重×持有险种数', en: 'score = w × annual premium/1000 + w × margin/1000 + w × tenure years + w × product lines' },
  weights: { zh: '权重', en: 'Weights' },
  annualPremium: { zh: '年保费（每千元）', en: 'Annual premium (per 1,000)' },
  margin: { zh: '边际贡献（每千元）', en: 'Margin (per 1,000)' },
  marginHint: { zh: '近3年保费减去近3年赔款，作为毛利的近似', en: 'Premiums of the last 3 years minus claims paid in them, as a proxy for gross margin' },
  tenureYears: { zh: '客户年限（每年）', en: 'Tenure (per year)' },
  productLines: { zh: '持有险种数（每个）', en: 'Product lines held (each)' },
  thresholds: { zh: '等级门槛（评分不低于）', en: 'Tier thresholds (score at least)' },
  gold: { zh: '金牌', en: 'Gold' },
  silver: { zh: '银牌', en: 'Silver' },
  doNotServe: { zh: '不服务规则（任一满足即为不服务）', en: 'Do-not-serve rule (either one)' },
  claimsRatioAbove: { zh: '赔付率高于', en: 'Claims ratio above' },
  minMarginBelow: { zh: '边际贡献低于（元）', en: 'Margin below (yuan)' },
  save: { zh: '保存设置', en: 'Save settings' },
  saved: { zh: '设置已保存，重新计算后生效', en: 'Saved; takes effect at the next recomputation' },
  updatedAt: { zh: '最近修改', en: 'Last changed' },
  recompute: { zh: '立即重新计算', en: 'Recompute now' },
  queued: { zh: '已提交重新计算', en: 'Recomputation queued' },
  status: { zh: '计算状态', en: 'Status' },
  running: { zh: '计算中', en: 'Running' },
  idle: { zh: '空闲', en: 'Idle' },
  lastRunAt: { zh: '上次计算', en: 'Last run' },
  never: { zh: '尚未计算', en: 'Never' },
  customersScored: { zh: '已评分客户', en: 'Customers scored' },
  nightly: { zh: '每晚 02:00 自动重新计算', en: 'Recomputed automatically every night at 02:00' },
  distribution: { zh: '等级分布', en: 'Distribution' },
  orgUnit: { zh: '机构', en: 'Org unit' },
  allUnits: { zh: '我的全部机构', en: 'All my units' },
  byOrgUnit: { zh: '按机构分布', en: 'By org unit' },
  customers: { zh: '客户数', en: 'Customers' },
  premium: { zh: '年保费', en: 'Annual premium' },
  unscored: { zh: '未评分', en: 'Unscored' },
  total: { zh: '合计', en: 'Total' },
  readOnly: { zh: '只读：仅细分经理可修改评分设置', en: 'Read only: only segment managers change the settings' },
} satisfies Record<string, Text>;

const POLL_MS = 2000;

/** Value tier settings, on-demand recomputation with its status, and the distribution by tier and org unit. */
export default function ValueTiersPage() {
  const { pick, label, locale, localName } = useI18n();
  const { hasAnyRole } = useSession();
  const canWrite = hasAnyRole(PLANNING_WRITERS);
  const { message } = App.useApp();
  const showError = useShowError();
  const { catalog } = useRuleCatalog();
  const [form] = Form.useForm<TierSettings>();
  const [settings, setSettings] = useState<TierSettings>();
  const [status, setStatus] = useState<TierStatus>();
  const [orgUnitId, setOrgUnitId] = useState<number>();
  const [distribution, setDistribution] = useState<TierDistribution>();
  const [saving, setSaving] = useState(false);
  const [polling, setPolling] = useState(false);
  const lastRun = useRef<string | null | undefined>(undefined);

  useEffect(() => {
    api.get<ValueTierSettingsView>('/value-tiers/settings').then((loaded) => {
      setSettings(loaded);
      form.setFieldsValue(loaded);
    }, showError);
  }, [form, showError]);

  const loadDistribution = useCallback(() => {
    api.get<TierDistribution>('/value-tiers/distribution', { orgUnitId }).then(setDistribution, showError);
  }, [orgUnitId, showError]);
  useEffect(loadDistribution, [loadDistribution]);

  const loadStatus = useCallback(async () => {
    const next = await api.get<ValueTierStatus>('/value-tiers/status');
    setStatus(next);
    return next;
  }, []);

  useEffect(() => {
    loadStatus().then((first) => {
      lastRun.current = first.lastRunAt;
      if (first.running) setPolling(true);
    }, showError);
  }, [loadStatus, showError]);

  // Poll while a run is queued or running; when it finishes, the distribution has changed.
  useEffect(() => {
    if (!polling) return;
    const timer = setInterval(async () => {
      const next = await loadStatus().catch(() => undefined);
      if (next && !next.running && next.lastRunAt !== lastRun.current) {
        lastRun.current = next.lastRunAt;
        setPolling(false);
        loadDistribution();
      }
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [polling, loadStatus, loadDistribution]);

  const save = async () => {
    const values = await form.validateFields();
    setSaving(true);
    try {
      const saved = await api.put<ValueTierSettingsView>('/value-tiers/settings', {
        weights: values.weights,
        thresholds: values.thresholds,
        doNotServe: values.doNotServe,
      } satisfies ValueTierSettingsInput);
      setSettings(saved);
      message.success(pick(text.saved));
    } catch (error) {
      showError(error);
    } finally {
      setSaving(false);
    }
  };

  const recompute = async () => {
    try {
      await api.post<RecomputeQueued>('/value-tiers/recompute');
      message.info(pick(text.queued));
      setStatus((s) => (s ? { ...s, running: true } : s));
      setPolling(true);
    } catch (error) {
      showError(error);
    }
  };

  const tierName = (tier: string | null) => label(tierLabels, tier ?? 'unscored');
  const pie = useMemo<ChartOption>(() => {
    const tiers = (distribution?.byTier ?? []).filter((row) => Number(row.count) > 0);
    const total = tiers.reduce((sum, row) => sum + Number(row.count), 0);
    const shares = new Map(tiers.map((row) => [tierName(row.tier), total ? (Number(row.count) / total) * 100 : 0]));
    return {
      tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
      // Shares sit in the legend, not beside the slices, where small tiers' labels collided and tall ones were clipped.
      legend: { bottom: 0, formatter: (name: string) => `${name} ${(shares.get(name) ?? 0).toFixed(1)}%` },
      series: [
        {
          type: 'pie',
          radius: ['45%', '70%'],
          center: ['50%', '42%'],
          label: { show: false },
          data: tiers.map((row) => ({
            name: tierName(row.tier),
            value: row.count,
            itemStyle: { color: tierColors[row.tier ?? 'unscored'] },
          })),
        },
      ],
    };
  }, [distribution, locale]);

  const number = (n: number) => <Typography.Text>{Number(n).toLocaleString()}</Typography.Text>;
  const tierColumn = (key: 'gold' | 'silver' | 'ordinary' | 'doNotServe' | 'unscored', tier: string) => ({
    title: <Badge color={tierColors[tier]} text={tierName(tier)} />,
    dataIndex: key,
    align: 'right' as const,
    render: number,
  });

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <PageTitle title={pick(text.title)} subtitle={pick(text.subtitle)} />
      {!canWrite && <Alert type="info" showIcon message={pick(text.readOnly)} />}
      <Row gutter={16}>
        <Col xs={24} xl={10}>
          <Card
            title={pick(text.settings)}
            extra={canWrite && <Button type="primary" icon={<SaveOutlined />} loading={saving} onClick={save} data-testid="save-tier-settings">{pick(text.save)}</Button>}
            style={{ height: '100%' }}
          >
            <Alert type="info" message={pick(text.formula)} style={{ marginBottom: 16 }} />
            <Form form={form} layout="horizontal" labelCol={{ span: 13 }} wrapperCol={{ span: 11 }} disabled={!canWrite || !settings} className={canWrite ? undefined : 'read-only-form'}>
              <Divider orientation="left" plain style={{ marginTop: 0 }}>{pick(text.weights)}</Divider>
              <NumberItem name={['weights', 'annualPremium']} label={pick(text.annualPremium)} step={0.1} />
              <NumberItem name={['weights', 'margin']} label={pick(text.margin)} tooltip={pick(text.marginHint)} step={0.1} />
              <NumberItem name={['weights', 'tenureYears']} label={pick(text.tenureYears)} step={0.1} />
              <NumberItem name={['weights', 'productLines']} label={pick(text.productLines)} step={0.1} />
              <Divider orientation="left" plain>{pick(text.thresholds)}</Divider>
              <NumberItem name={['thresholds', 'gold']} label={pick(text.gold)} />
              <NumberItem name={['thresholds', 'silver']} label={pick(text.silver)} />
              <Divider orientation="left" plain>{pick(text.doNotServe)}</Divider>
              <NumberItem name={['doNotServe', 'claimsRatioAbove']} label={pick(text.claimsRatioAbove)} step={0.05} min={0} />
              <NumberItem name={['doNotServe', 'minMarginBelow']} label={pick(text.minMarginBelow)} step={100} />
            </Form>
            {settings?.updatedAt && (
              <Typography.Text type="secondary">{pick(text.updatedAt)}: {dayjs(settings.updatedAt).format('YYYY-MM-DD HH:mm')}</Typography.Text>
            )}
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            <Card
              title={pick(text.status)}
              extra={canWrite && (
                <Button icon={<ReloadOutlined spin={polling} />} onClick={recompute} disabled={polling} data-testid="recompute-tiers">
                  {pick(text.recompute)}
                </Button>
              )}
            >
              <Descriptions size="small" column={{ xs: 1, md: 3 }}>
                <Descriptions.Item label={pick(text.status)}>
                  {status?.running || polling ? <Badge status="processing" text={pick(text.running)} /> : <Badge status="default" text={pick(text.idle)} />}
                </Descriptions.Item>
                <Descriptions.Item label={pick(text.lastRunAt)}>
                  {status?.lastRunAt ? dayjs(status.lastRunAt).format('YYYY-MM-DD HH:mm:ss') : pick(text.never)}
                </Descriptions.Item>
                <Descriptions.Item label={pick(text.customersScored)}>{(status?.customersScored ?? 0).toLocaleString()}</Descriptions.Item>
              </Descriptions>
              <Typography.Text type="secondary">{pick(text.nightly)}</Typography.Text>
            </Card>
            <Card
              title={pick(text.distribution)}
              extra={
                <TreeSelect
                  allowClear
                  style={{ width: 220 }}
                  placeholder={pick(text.allUnits)}
                  aria-label={pick(text.allUnits)}
                  value={orgUnitId}
                  onChange={setOrgUnitId}
                  treeDefaultExpandAll
                  treeData={orgUnitTree(catalog?.orgUnits ?? [], locale)}
                />
              }
            >
              <Row gutter={16} align="middle">
                <Col xs={24} md={12}>
                  <EChart option={pie} height={260} testId="tier-pie" />
                </Col>
                <Col xs={24} md={12}>
                  <Table
                    size="small"
                    rowKey={(row) => row.tier ?? 'unscored'}
                    pagination={false}
                    dataSource={distribution?.byTier ?? []}
                    columns={[
                      { title: pick(text.distribution), dataIndex: 'tier', render: (tier: string | null) => <Badge color={tierColors[tier ?? 'unscored']} text={tierName(tier)} /> },
                      { title: pick(text.customers), dataIndex: 'count', align: 'right', render: number },
                      { title: pick(text.premium), dataIndex: 'annualPremium', align: 'right', render: (v: number | string) => `¥${Math.round(Number(v)).toLocaleString()}` },
                    ]}
                  />
                </Col>
              </Row>
            </Card>
          </Space>
        </Col>
      </Row>
      <Card title={pick(text.byOrgUnit)}>
        <Table
          size="small"
          rowKey="orgUnitId"
          pagination={false}
          dataSource={distribution?.byOrgUnit ?? []}
          data-testid="tier-by-org-unit"
          columns={[
            { title: pick(text.orgUnit), dataIndex: 'orgUnitName', render: (name: string, row) => localName(name, row.orgUnitNameEn) },
            tierColumn('gold', 'gold'),
            tierColumn('silver', 'silver'),
            tierColumn('ordinary', 'ordinary'),
            tierColumn('doNotServe', 'do_not_serve'),
            tierColumn('unscored', 'unscored'),
            {
              title: pick(text.total),
              key: 'total',
              align: 'right',
              render: (_, row) => number([row.gold, row.silver, row.ordinary, row.doNotServe, row.unscored].reduce((sum, n) => sum + Number(n), 0)),
            },
          ]}
        />
      </Card>
    </Space>
  );
}

function NumberItem({ name, label, tooltip, step = 1, min }: { name: [string, string]; label: string; tooltip?: string; step?: number; min?: number }) {
  return (
    <Form.Item name={name} label={label} tooltip={tooltip} rules={[{ required: true }]} style={{ marginBottom: 12 }}>
      <InputNumber style={{ width: '100%' }} step={step} min={min} />
    </Form.Item>
  );
}
