import { Alert, Card, Col, Empty, Row, Spin, Statistic, Table, Tag, Typography } from 'antd';
import { useMemo, type ReactNode } from 'react';
import { useErrorText } from '../errors';
import { barOption, EChart } from './echart';
import { tierColors, tierLabels } from './labels';
import { fill, pickName, pickText, type Locale, type Text } from '../../i18n/text';
import type { AudiencePreviewResult, PreviewSample } from './use-live-preview';
import './rule-builder.css';

const text = {
  audience: { zh: '符合条件的客户', en: 'Matching customers' },
  elapsed: { zh: '耗时 {ms} 毫秒', en: '{ms} ms' },
  byOrgUnit: { zh: '按机构分布', en: 'By org unit' },
  byTier: { zh: '按价值等级分布', en: 'By value tier' },
  sample: { zh: '客户样例', en: 'Sample customers' },
  name: { zh: '客户', en: 'Customer' },
  mobile: { zh: '手机', en: 'Mobile' },
  orgUnit: { zh: '所属机构', en: 'Org unit' },
  tier: { zh: '价值等级', en: 'Value tier' },
  customers: { zh: '客户数', en: 'Customers' },
  waiting: { zh: '添加并填写条件后，这里实时显示符合条件的客户数', en: 'Add and complete conditions to see the matching customers here' },
  stale: { zh: '规则有误，显示的是上一次的结果', en: 'The rule has errors; showing the last result' },
} satisfies Record<string, Text>;

export function TierTag({ tier, lang }: { tier: string | null | undefined; lang: Locale }): ReactNode {
  const key = tier ?? 'unscored';
  return <Tag color={tierColors[key]} style={{ marginInlineEnd: 0 }}>{pickText(tierLabels[key], lang, key)}</Tag>;
}

interface AudiencePreviewProps {
  result?: AudiencePreviewResult;
  loading?: boolean;
  failure?: unknown;
  hasErrors?: boolean;
  lang: Locale;
  /** Shown instead of the figures while there is nothing to count yet. */
  emptyHint?: string;
}

/** The count, the breakdowns by org unit and value tier as bar charts, and a sample of the customers. */
export function AudiencePreview({ result, loading, failure, hasErrors, lang, emptyHint }: AudiencePreviewProps): ReactNode {
  const errorText = useErrorText();
  const t = (text: Text, ms?: number) => fill(pickText(text, lang), { ms: ms ?? '' });

  const orgOption = useMemo(
    () => barOption((result?.byOrgUnit ?? []).map((row) => ({ label: pickName(lang, row.orgUnitName, row.orgUnitNameEn), value: row.count })), t(text.customers)),
    [result, lang],
  );
  const tierOption = useMemo(
    () =>
      barOption(
        (result?.byTier ?? []).map((row) => ({
          label: pickText(tierLabels[row.tier ?? 'unscored'], lang, row.tier ?? ''),
          value: row.count,
          color: tierColors[row.tier ?? 'unscored'],
        })),
        t(text.customers),
      ),
    [result, lang],
  );

  const columns = [
    {
      title: t(text.name),
      dataIndex: 'name',
      key: 'name',
      render: (name: string, row: PreviewSample) => (
        <div style={{ lineHeight: 1.3 }}>
          <div>{name}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{row.customerNo}</Typography.Text>
        </div>
      ),
    },
    { title: t(text.mobile), dataIndex: 'mobile', key: 'mobile', className: 'no-wrap' },
    {
      title: t(text.orgUnit),
      dataIndex: 'orgUnitName',
      key: 'orgUnitName',
      className: 'audience-org-unit',
      render: (name: string, row: PreviewSample) => pickName(lang, name, row.orgUnitNameEn),
    },
    { title: t(text.tier), dataIndex: 'valueTier', key: 'valueTier', render: (tier: string | null) => <TierTag tier={tier} lang={lang} /> },
  ];

  return (
    <div className="audience-preview" data-testid="audience-preview">
      {failure !== undefined && <Alert type="error" showIcon message={errorText(failure)} style={{ marginBottom: 12 }} />}
      {hasErrors && result && <Alert type="warning" showIcon message={t(text.stale)} style={{ marginBottom: 12 }} />}
      <Spin spinning={!!loading} delay={150}>
        <Card size="small">
          {result ? (
            <Statistic
              title={t(text.audience)}
              value={result.count}
              valueStyle={{ fontSize: 32, color: '#1677ff' }}
              suffix={<Typography.Text type="secondary" style={{ fontSize: 13 }}>{t(text.elapsed, result.elapsedMs)}</Typography.Text>}
              groupSeparator=","
              valueRender={(node) => <span data-testid="audience-count" data-count={result.count}>{node}</span>}
            />
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyHint ?? t(text.waiting)} />
          )}
        </Card>
      </Spin>
      {result && (
        <>
          <Row gutter={12} style={{ marginTop: 12, marginBottom: -12 }}>
            <Col xs={24} xxl={12} style={{ marginBottom: 12 }}>
              <Card size="small" title={t(text.byOrgUnit)}>
                <EChart option={orgOption} height={Math.max(160, 34 * result.byOrgUnit.length + 40)} testId="chart-by-org-unit" />
              </Card>
            </Col>
            <Col xs={24} xxl={12} style={{ marginBottom: 12 }}>
              <Card size="small" title={t(text.byTier)}>
                <EChart option={tierOption} height={Math.max(160, 34 * result.byTier.length + 40)} testId="chart-by-tier" />
              </Card>
            </Col>
          </Row>
          <Card size="small" title={t(text.sample)} style={{ marginTop: 12 }}>
            {/* Names wrap rather than the table scrolling sideways: a scrolling region with nothing to focus cannot be reached by keyboard. */}
            <Table<PreviewSample> size="small" rowKey="id" className="audience-sample" columns={columns} dataSource={result.sample}
              pagination={result.sample.length > 10 ? { pageSize: 10, size: 'small', simple: true } : false} />
          </Card>
        </>
      )}
    </div>
  );
}
