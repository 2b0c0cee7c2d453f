import { CheckCircleOutlined, CloseCircleOutlined } from '@ant-design/icons';
import { Alert, Card, Col, Descriptions, Flex, Row, Spin, Statistic, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useErrorText } from '../../components/errors';
import { useI18n } from '../../i18n/i18n';
import { yuan } from '../bundles/bundles-page';
import { reasonLabels } from '../contact-policies/contact-text';
import { campaignApi, type Forecast, type ForecastInput } from './campaign-api';
import { campaignText as text, CHANNEL_LABELS, LIMIT_LABELS, SOURCE_LABELS } from './campaign-text';

/** How long the plan must rest before the forecast is asked again: typing a number is not a new plan per key. */
const DEBOUNCE_MS = 500;

const percent = (rate: number) => `${(rate * 100).toFixed(2)}%`;

/** The forecast of the plan as edited, asked again (debounced) whenever the plan changes; a newer plan drops the older request. */
export function ForecastPanel({ input }: { input: ForecastInput | undefined }) {
  const { pick, label } = useI18n();
  const errorText = useErrorText();
  const [forecast, setForecast] = useState<Forecast>();
  const [failure, setFailure] = useState<string>();
  const [loading, setLoading] = useState(false);
  const key = input ? JSON.stringify(input) : '';

  useEffect(() => {
    if (!key) {
      setForecast(undefined);
      setFailure(undefined);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setLoading(true);
      campaignApi
        .forecast(JSON.parse(key) as ForecastInput, controller.signal)
        .then((answer) => {
          setForecast(answer);
          setFailure(undefined);
        })
        .catch((error) => {
          if (!controller.signal.aborted) setFailure(errorText(error));
        })
        .finally(() => {
          if (!controller.signal.aborted) setLoading(false);
        });
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [key, errorText]);

  return (
    <Card title={pick(text.forecast)} size="small" extra={loading ? <Spin size="small" /> : null} data-testid="forecast-panel">
      {!input && <Typography.Text type="secondary">{pick(text.forecastNeeds)}</Typography.Text>}
      {input && failure && <Alert type="warning" showIcon message={pick(text.forecastFailed)} description={failure} />}
      {input && forecast && !failure && (
        <Flex vertical gap={12} data-testid="forecast" data-audience={forecast.audience} data-contacts={forecast.contacts}>
          <Row gutter={[8, 8]}>
            <Col span={8}><Statistic title={pick(text.forecastAudience)} value={forecast.audience} /></Col>
            <Col span={8}><Statistic title={pick(text.forecastContactable)} value={forecast.contactable} /></Col>
            <Col span={8}><Statistic title={pick(text.forecastControl)} value={forecast.control} /></Col>
            <Col span={8}><Statistic title={pick(text.forecastContacts)} value={forecast.contacts} /></Col>
            <Col span={8}><Statistic title={pick(text.forecastCost)} value={yuan(forecast.cost)} /></Col>
            <Col span={8}><Statistic title={pick(text.forecastResponses)} value={forecast.responses} /></Col>
            <Col span={8}><Statistic title={pick(text.forecastConversions)} value={forecast.conversions} /></Col>
            <Col span={8}><Statistic title={pick(text.forecastPremium)} value={yuan(forecast.premium)} /></Col>
            <Col span={8}><Statistic title={pick(text.forecastRoi)} value={forecast.roi === null ? '—' : percent(forecast.roi)} /></Col>
          </Row>
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={pick(text.forecastBreakEven)}>{forecast.breakEvenConversions ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={pick(text.budget)}>
              {forecast.budgetSuffices === null && pick(text.noBudget)}
              {forecast.budgetSuffices === true && <Tag icon={<CheckCircleOutlined />} color="success" data-testid="budget-suffices">{pick(text.budgetSuffices)}</Tag>}
              {forecast.budgetSuffices === false && <Tag icon={<CloseCircleOutlined />} color="error" data-testid="budget-short">{pick(text.budgetShort)}</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label={pick(text.forecastPremium)}>
              {pick(text.premiumPerConversion, { amount: yuan(forecast.premiumPerConversion.amount), source: label(SOURCE_LABELS, forecast.premiumPerConversion.source) })}
            </Descriptions.Item>
          </Descriptions>
          <Table
            size="small"
            rowKey="position"
            pagination={false}
            dataSource={forecast.steps}
            columns={[
              { title: '#', dataIndex: 'position', width: 36 },
              { title: pick(text.channel), dataIndex: 'channel', render: (channel: string) => label(CHANNEL_LABELS, channel) },
              { title: pick(text.forecastContacts), dataIndex: 'contacts', align: 'right' },
              { title: pick(text.limitedBy), dataIndex: 'limitedBy', render: (limit: string) => label(LIMIT_LABELS, limit) },
              { title: pick(text.forecastCost), dataIndex: 'cost', align: 'right', render: (cost: string) => yuan(cost) },
            ]}
            expandable={{
              expandedRowRender: (step) => (
                <Typography.Text type="secondary">
                  {pick(text.rateSource, {
                    response: percent(step.responseRate.rate),
                    responseSource: label(SOURCE_LABELS, step.responseRate.source),
                    conversion: percent(step.conversionRate.rate),
                    conversionSource: label(SOURCE_LABELS, step.conversionRate.source),
                  })}
                  {' · '}
                  {pick(text.forecastContactable)} {step.contactable} · {pick(text.forecastResponses)} {step.responses} · {pick(text.forecastConversions)} {step.conversions}
                </Typography.Text>
              ),
              defaultExpandAllRows: true,
            }}
            data-testid="forecast-steps"
          />
          {forecast.excluded.length > 0 && (
            <Descriptions size="small" column={1} title={<Typography.Text strong>{pick(text.excluded)}</Typography.Text>}>
              {forecast.excluded.map((e) => (
                <Descriptions.Item key={`${e.channel}-${e.reason}`} label={`${label(CHANNEL_LABELS, e.channel)} · ${label(reasonLabels, e.reason)}`}>{e.count}</Descriptions.Item>
              ))}
            </Descriptions>
          )}
        </Flex>
      )}
    </Card>
  );
}
