import { Alert, Button, Card, Col, Descriptions, Row, Segmented, Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { liftLine, percentText, pointsText, pValueText, renderLiftLine, sampleRatioLine, type LiftOutcome } from '@lib/analytics/lift-lines';
import { rateInterval } from '@lib/analytics/lift-statistics';
import { EChart } from '../../components/rule-builder/echart';
import { useI18n } from '../../i18n/i18n';
import { displayYuan } from '../budgets/money';
import type { DrillDownFilter, Roi } from './analytics-api';
import { analyticsText as text } from './analytics-text';
import { COLORS, groupRatesOption, liftIntervalOption } from './roi-charts';

type Lift = Roi['lift']['conversion'];

const signedPercent = (fraction: number) => `${fraction > 0 ? '+' : ''}${(100 * fraction).toFixed(1)}%`;
const yuanOf = (value: number) => displayYuan(value.toFixed(2));
const outcomesIn = (group: Roi['treatment'], outcome: LiftOutcome) => (outcome === 'conversion' ? group.converters : group.responders);

/**
 * Treatment against control for the conversion or the response rate: each group's rate
 * with its error bar, the lift's interval against 0, every statistic of lift-statistics
 * in words, the plain-language verdict and the sample-ratio warning.
 */
export function LiftPanel({ roi, onDrillDown }: { roi: Roi; onDrillDown: (filter: DrillDownFilter) => void }) {
  const { pick, locale } = useI18n();
  const [outcome, setOutcome] = useState<LiftOutcome>('conversion');
  const lift: Lift = roi.lift[outcome];
  const rateName = pick(outcome === 'conversion' ? text.conversionRate : text.responseRate);
  const outcomesOf = (group: Roi['treatment']) => outcomesIn(group, outcome);

  const ratesOption = useMemo(
    () =>
      groupRatesOption(
        [
          { name: pick(text.treatment), color: COLORS.treatment, interval: rateInterval({ members: roi.treatment.members, outcomes: outcomesIn(roi.treatment, outcome) }) },
          { name: pick(text.control), color: COLORS.control, interval: rateInterval({ members: roi.control.members, outcomes: outcomesIn(roi.control, outcome) }) },
        ],
        rateName,
      ),
    [roi, outcome, pick, rateName],
  );
  const intervalOption = useMemo(
    () => (lift.absoluteLift !== null && lift.absoluteLiftCi ? liftIntervalOption(pick(text.absoluteLift), lift.absoluteLift, lift.absoluteLiftCi) : null),
    [lift, pick],
  );
  const verdict = renderLiftLine(liftLine(lift, outcome), locale);
  const ratio = sampleRatioLine(lift.sampleRatio, outcome);
  const interval = (ci: { low: number; high: number } | null, format: (v: number) => string) =>
    ci ? pick(text.interval, { low: format(ci.low), high: format(ci.high) }) : '';
  const incremental = outcome === 'conversion' ? text.incrementalConversions : text.incrementalResponders;

  return (
    <Card
      title={pick(text.liftTitle)}
      extra={
        <Segmented<LiftOutcome>
          value={outcome}
          onChange={setOutcome}
          options={[
            { value: 'conversion', label: pick(text.conversionRate) },
            { value: 'response', label: pick(text.responseRate) },
          ]}
          data-testid="lift-outcome"
        />
      }
    >
      <Space direction="vertical" size={12} style={{ width: '100%' }}>
        <Alert
          type={lift.verdict === 'significant_up' ? 'success' : lift.verdict === 'significant_down' ? 'error' : 'info'}
          showIcon
          message={<span data-testid="lift-verdict" data-verdict={lift.verdict}>{verdict}</span>}
        />
        {ratio && <Alert type="warning" showIcon message={<span data-testid="sample-ratio-warning">{renderLiftLine(ratio, locale)}</span>} />}
        <Row gutter={16}>
          <Col xs={24} lg={10}>
            <EChart option={ratesOption} height={260} testId="lift-chart" label={pick(text.liftChartLabel, { outcome: rateName })} />
          </Col>
          <Col xs={24} lg={14}>
            <Typography.Text strong>{pick(text.liftInterval)}</Typography.Text>
            {intervalOption && <EChart option={intervalOption} height={120} testId="lift-interval-chart" label={pick(text.liftInterval)} />}
            <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>{pick(text.intervalHint)}</Typography.Paragraph>
          </Col>
        </Row>
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 4 }} bordered>
          <Descriptions.Item label={pick(text.treatment)}>
            {lift.treatmentRate === null ? '—' : percentText(lift.treatmentRate)} ({outcomesOf(roi.treatment)} / {roi.treatment.members})
          </Descriptions.Item>
          <Descriptions.Item label={pick(text.control)}>
            {lift.controlRate === null ? '—' : percentText(lift.controlRate)} ({outcomesOf(roi.control)} / {roi.control.members})
          </Descriptions.Item>
          <Descriptions.Item label={pick(text.absoluteLift)}>
            <span data-testid="absolute-lift">
              {lift.absoluteLift === null ? pick(text.notDefined) : pick(text.points, { value: pointsText(lift.absoluteLift) })}
            </span>{' '}
            <Typography.Text type="secondary">{interval(lift.absoluteLiftCi, pointsText)}</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={pick(text.relativeLift)}>
            {lift.relativeLift === null ? pick(text.notDefined) : signedPercent(lift.relativeLift)}{' '}
            <Typography.Text type="secondary">{interval(lift.relativeLiftCi, signedPercent)}</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={pick(text.pValue)}>{lift.pValue === null ? '—' : `p ${pValueText(lift.pValue)}`}</Descriptions.Item>
          <Descriptions.Item label={pick(text.minDetectableLift)}>
            {lift.minDetectableLift === null ? '—' : pick(text.points, { value: pointsText(lift.minDetectableLift) })}
          </Descriptions.Item>
          <Descriptions.Item label={pick(incremental)}>
            {lift.incrementalOutcomes === null ? '—' : lift.incrementalOutcomes.toFixed(1)}{' '}
            <Typography.Text type="secondary">{interval(lift.incrementalOutcomesCi, (v) => v.toFixed(1))}</Typography.Text>
          </Descriptions.Item>
          {outcome === 'conversion' && (
            <Descriptions.Item label={pick(text.incrementalPremium)}>
              {lift.incrementalPremium === null ? '—' : yuanOf(lift.incrementalPremium)}{' '}
              <Typography.Text type="secondary">{interval(lift.incrementalPremiumCi, yuanOf)}</Typography.Text>
            </Descriptions.Item>
          )}
        </Descriptions>
        <Space wrap>
          <Button size="small" onClick={() => onDrillDown({ kind: outcome === 'conversion' ? 'converters' : 'responders' })} data-testid="drill-treatment-outcomes">
            {pick(text.treatment)} · {pick(outcome === 'conversion' ? text.converters : text.responders)}
          </Button>
          <Button size="small" onClick={() => onDrillDown({ kind: 'members' })}>
            {pick(text.treatment)} · {pick(text.members)}
          </Button>
          {outcome === 'conversion' && (
            <Button size="small" onClick={() => onDrillDown({ kind: 'converters', group: 'control' })} data-testid="drill-control-converters">
              {pick(text.control)} · {pick(text.converters)}
            </Button>
          )}
          <Button size="small" onClick={() => onDrillDown({ kind: 'members', group: 'control' })}>
            {pick(text.control)} · {pick(text.members)}
          </Button>
        </Space>
      </Space>
    </Card>
  );
}
