import { Alert, App, Button, Card, Form, Input, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { CodeTag } from '../../components/code-tag';
import { useFormErrors, useShowError } from '../../components/errors';
import { PageContainer } from '../../components/page-container';
import { useI18n } from '../../i18n/i18n';
import type { Text } from '../../i18n/text';
import { useSession, useUser } from '../../session/session';
import { LINES } from '../products/labels';
import { MARGIN_RATE_WRITERS, marginRateApi, type MarginRate } from './margin-rate-api';

/** Province-wide settings are changed by users of the province branch or the head office. */
const PROVINCE_LEVEL = 2;

/** The server's rule (libs/analytics/analytics.dto.ts): 0 to 100, at most two decimals. */
const PERCENT = /^(100(\.0{1,2})?|\d{1,2}(\.\d{1,2})?)$/;

const text = {
  title: { zh: '产品线利润率', en: 'Margin rates' },
  hint: {
    zh: '边际利润 = 保费 × 该产品线的利润率；ROI = (边际利润 − 支出) / 支出。修改后，所有活动的数字在下一次汇总刷新时（一分钟内）重新计算。',
    en: 'Margin = premium × the rate of its product line; ROI = (margin − spend) / spend. After a change every campaign is computed again at the next refresh of the rollups (within a minute).',
  },
  line: { zh: '产品线', en: 'Product line' },
  rate: { zh: '利润率（%）', en: 'Rate (%)' },
  updated: { zh: '最近修改', en: 'Last changed' },
  byDefault: { zh: '默认值', en: 'Default' },
  rateRule: { zh: '0 到 100 之间，最多两位小数', en: 'From 0 to 100, at most two decimals' },
  save: { zh: '保存', en: 'Save' },
  saved: { zh: '已保存', en: 'Saved' },
  readOnly: { zh: '利润率适用于全省，只有省分公司或总公司的活动经理和管理员可以修改。', en: 'The rates apply to the whole province: only campaign managers and admins of the province branch or the head office change them.' },
} satisfies Record<string, Text>;

/** The margin rate of each product line, which ROI rests on; province planners and admins change them. */
export default function MarginRatesPage() {
  const { pick } = useI18n();
  const { message } = App.useApp();
  const { hasAnyRole } = useSession();
  const user = useUser();
  const canEdit = hasAnyRole(MARGIN_RATE_WRITERS) && user.orgLevel <= PROVINCE_LEVEL;
  const showError = useShowError();
  const formErrors = useFormErrors();
  const [rates, setRates] = useState<MarginRate[]>([]);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string>();
  const [form] = Form.useForm<{ rates: { ratePct: string }[] }>();

  const show = useCallback(
    (loaded: MarginRate[]) => {
      setRates(loaded);
      form.setFieldsValue({ rates: loaded.map((rate) => ({ ratePct: rate.ratePct })) });
    },
    [form],
  );
  useEffect(() => {
    marginRateApi.list().then(show, showError);
  }, [show, showError]);

  const save = async (values: { rates: { ratePct: string }[] }) => {
    const changed = rates
      .map((rate, index) => ({ productLine: rate.productLine, ratePct: values.rates[index].ratePct }))
      .filter((rate, index) => rate.ratePct !== rates[index].ratePct);
    if (changed.length === 0) return;
    setSaving(true);
    setProblem(undefined);
    try {
      show(await marginRateApi.update({ rates: changed }));
      message.success(pick(text.saved));
    } catch (error) {
      setProblem(formErrors(form, error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <PageContainer title={pick(text.title)}>
      <Card>
        <Typography.Paragraph type="secondary">{pick(text.hint)}</Typography.Paragraph>
        {!canEdit && <Alert type="info" showIcon message={pick(text.readOnly)} style={{ marginBottom: 16 }} />}
        {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 16 }} data-testid="margin-rates-error" />}
        <Form form={form} onFinish={save} disabled={!canEdit}>
          <Table<MarginRate>
            rowKey="productLine"
            size="small"
            pagination={false}
            dataSource={rates}
            columns={[
              { key: 'line', title: pick(text.line), render: (_, rate) => <CodeTag code={rate.productLine} labels={LINES} /> },
              {
                key: 'rate',
                title: pick(text.rate),
                render: (_, rate, index) => (
                  <Form.Item name={['rates', index, 'ratePct']} rules={[{ required: true, pattern: PERCENT, message: pick(text.rateRule) }]} style={{ margin: 0 }}>
                    <Input aria-label={`${pick(LINES[rate.productLine].label)} ${pick(text.rate)}`} inputMode="decimal" suffix="%" style={{ width: 140 }} data-testid={`margin-rate-${rate.productLine}`} />
                  </Form.Item>
                ),
              },
              {
                key: 'updated',
                title: pick(text.updated),
                render: (_, rate) => (rate.updatedAt ? `${dayjs(rate.updatedAt).format('YYYY-MM-DD HH:mm')} · ${rate.updatedByName ?? ''}` : pick(text.byDefault)),
              },
            ]}
          />
          {canEdit && (
            <Button type="primary" htmlType="submit" loading={saving} style={{ marginTop: 16 }} data-testid="save-margin-rates">
              {pick(text.save)}
            </Button>
          )}
        </Form>
      </Card>
    </PageContainer>
  );
}
