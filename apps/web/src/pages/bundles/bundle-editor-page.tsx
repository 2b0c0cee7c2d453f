import { ArrowLeftOutlined, DeleteOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, DatePicker, Form, Input, InputNumber, Row, Select, Space, Spin, Switch, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { LoadFailure } from '../../components/load-failure';
import { AudiencePreview } from '../../components/rule-builder/audience-preview';
import { asGroup, emptyRule, type FieldError, type RuleGroup } from '../../components/rule-builder/rule';
import { RuleBuilder } from '../../components/rule-builder/rule-builder';
import { useLivePreview, type AudiencePreviewResult } from '../../components/rule-builder/use-live-preview';
import { useRuleCatalog } from '../../components/rule-builder/use-rule-catalog';
import { useErrorText, useShowError } from '../../components/errors';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../../session/session';
import { PLANNING_WRITERS } from '../segments/segment-api';
import { bundleApi, bundlePremium, type Bundle, type BundleInput, type Guidance } from './bundle-api';
import { bundleText as text } from './bundle-text';
import { yuan } from './bundles-page';
import { PageHeading } from '../../components/page-container';

interface BundleForm {
  code: string;
  name: string;
  description?: string;
  productCodes: string[];
  price: number;
  discountPct: number;
  validity: [Dayjs, Dayjs];
  active: boolean;
  guidance: Guidance;
}

const RULE_PATH = 'eligibilityRule';

const newBundleForm = (): Partial<BundleForm> => ({
  productCodes: [],
  discountPct: 0,
  validity: [dayjs().startOf('day'), dayjs().add(1, 'year').endOf('year')],
  active: true,
  guidance: { talkingPoints: [''], objections: [], shortText: '' },
});

function toForm(bundle: Bundle): BundleForm {
  return {
    code: bundle.code,
    name: bundle.name,
    description: bundle.description ?? undefined,
    productCodes: bundle.productCodes,
    price: Number(bundle.price),
    discountPct: Number(bundle.discountPct),
    validity: [dayjs(bundle.validFrom), dayjs(bundle.validTo)],
    active: bundle.active,
    guidance: bundle.guidance,
  };
}

/** `guidance.talkingPoints[1]` → ['guidance', 'talkingPoints', 1], the form's name path. */
function formPath(field: string): (string | number)[] {
  return field.split('.').flatMap((part) => {
    const match = /^(\w+)\[(\d+)\]$/.exec(part);
    return match ? [match[1], Number(match[2])] : [part];
  });
}

/** Creates or edits a cross-sell bundle: products and price, the eligibility rule with its live count, and the sales guidance. */
export default function BundleEditorPage() {
  // /…/new has a route of its own (only writers may open it), without an :id.
  const { id = 'new' } = useParams();
  const bundleId = id === 'new' ? undefined : Number(id);
  const { pick, locale, localName } = useI18n();
  const { hasAnyRole } = useSession();
  const canWrite = hasAnyRole(PLANNING_WRITERS);
  const navigate = useNavigate();
  const { message } = App.useApp();
  const showError = useShowError();
  const errorText = useErrorText();
  const { catalog, error: catalogError } = useRuleCatalog();
  const [form] = Form.useForm<BundleForm>();
  const [bundle, setBundle] = useState<Bundle>();
  const [loadError, setLoadError] = useState<unknown>();
  const [rule, setRule] = useState<RuleGroup>(emptyRule());
  const [savedRule, setSavedRule] = useState<string>();
  const [eligible, setEligible] = useState<{ result?: AudiencePreviewResult; failure?: unknown }>({});
  const [saveErrors, setSaveErrors] = useState<FieldError[]>([]);
  const [saving, setSaving] = useState(false);
  const price = Form.useWatch('price', form);
  const discountPct = Form.useWatch('discountPct', form);

  const dirty = JSON.stringify(rule) !== savedRule;
  const live = useLivePreview(dirty ? rule : emptyRule(), catalog, RULE_PATH);

  useEffect(() => {
    if (!bundleId) return;
    bundleApi.get(bundleId).then((loaded) => {
      setBundle(loaded);
      setRule(asGroup(loaded.eligibilityRule));
      setSavedRule(JSON.stringify(asGroup(loaded.eligibilityRule)));
    }, setLoadError);
  }, [bundleId]);

  // Once the form is on the page (it is not while loading), it shows the bundle as stored.
  useEffect(() => {
    if (bundle) form.setFieldsValue(toForm(bundle));
  }, [bundle, form]);

  useEffect(() => {
    if (!bundle) return;
    bundleApi.eligible(bundle.id).then((result) => setEligible({ result }), (failure) => setEligible({ failure }));
  }, [bundle]);

  if (loadError) {
    return <LoadFailure error={loadError} backTo="/bundles" backLabel={pick(text.back)} />;
  }
  if (bundleId && !bundle) return <Spin style={{ display: 'block', marginTop: 80 }} />;

  const save = async () => {
    const values = await form.validateFields();
    setSaving(true);
    setSaveErrors([]);
    const body: BundleInput = {
      code: values.code,
      name: values.name,
      description: values.description ?? '',
      productCodes: values.productCodes,
      price: values.price,
      discountPct: values.discountPct,
      eligibilityRule: rule,
      validFrom: values.validity[0].format('YYYY-MM-DD'),
      validTo: values.validity[1].format('YYYY-MM-DD'),
      active: values.active,
      guidance: {
        talkingPoints: (values.guidance.talkingPoints ?? []).filter((p) => p?.trim()),
        objections: (values.guidance.objections ?? []).filter((o) => o?.objection?.trim()),
        shortText: values.guidance.shortText ?? '',
      },
    };
    try {
      const saved = bundleId ? await bundleApi.update(bundleId, body) : await bundleApi.create(body);
      setBundle(saved);
      setSavedRule(JSON.stringify(saved.eligibilityRule));
      message.success(pick(text.saved));
      if (!bundleId) navigate(`/bundles/${saved.id}`, { replace: true });
    } catch (error) {
      if (error instanceof ApiError) {
        setSaveErrors(error.details.filter((d) => d.field.startsWith(RULE_PATH)));
        form.setFields(
          error.details
            .filter((d) => !d.field.startsWith(RULE_PATH))
            .map((d) => ({ name: (d.field === 'validFrom' || d.field === 'validTo' ? ['validity'] : formPath(d.field)) as never, errors: [d.problem] })),
        );
      }
      showError(error);
    } finally {
      setSaving(false);
    }
  };

  const preview = dirty ? live : { ...eligible, errors: [] as FieldError[], loading: false, incomplete: [] as string[] };
  const ruleErrors = live.errors.length ? live.errors : saveErrors;

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Space align="center" style={{ justifyContent: 'space-between', width: '100%' }}>
        <Space align="center">
          <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate('/bundles')} aria-label={pick(text.back)} />
          <PageHeading testId="bundle-title">{bundle?.name ?? pick(text.newBundle)}</PageHeading>
        </Space>
        {canWrite && (
          <Button type="primary" icon={<SaveOutlined />} loading={saving} onClick={save} data-testid="save-bundle">{pick(text.save)}</Button>
        )}
      </Space>
      {!canWrite && <Alert type="info" showIcon message={pick(text.readOnly)} />}
      <Form form={form} layout="vertical" disabled={!canWrite} className={canWrite ? undefined : 'read-only-form'} initialValues={newBundleForm()} requiredMark={false}>
        <Row gutter={16}>
          <Col xs={24} xl={10}>
            <Card title={pick(text.basics)} style={{ marginBottom: 16 }}>
              <Row gutter={12}>
                <Col span={10}>
                  <Form.Item name="code" label={pick(text.code)} normalize={(value?: string) => value?.toUpperCase()} rules={[{ required: true, whitespace: true, message: pick(text.required) }]}>
                    <Input maxLength={32} placeholder="AUTO_HOME" data-testid="bundle-code" />
                  </Form.Item>
                </Col>
                <Col span={14}>
                  <Form.Item name="name" label={pick(text.name)} rules={[{ required: true, whitespace: true, message: pick(text.required) }]}>
                    <Input maxLength={100} data-testid="bundle-name" />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item name="description" label={pick(text.description)}>
                <Input.TextArea rows={2} maxLength={1000} />
              </Form.Item>
              <Form.Item name="productCodes" label={pick(text.products)} extra={pick(text.productsHint)}
                // A validator rather than `required`: antd puts aria-required on the Select's wrapper div, which no screen reader may read.
                rules={[{ validator: (_, codes?: string[]) => ((codes?.length ?? 0) >= 2 ? Promise.resolve() : Promise.reject(new Error(pick(text.productsHint)))) }]}>
                <Select mode="multiple" optionFilterProp="label" data-testid="bundle-products"
                  options={(catalog?.products ?? []).map((p) => ({ value: p.code, label: `${p.code} ${localName(p.name, p.nameEn)}` }))} />
              </Form.Item>
              <Row gutter={12}>
                <Col span={8}>
                  <Form.Item name="price" label={pick(text.price)} rules={[{ required: true, message: pick(text.required) }]}>
                    <InputNumber min={0} precision={2} style={{ width: '100%' }} data-testid="bundle-price" />
                  </Form.Item>
                </Col>
                <Col span={8}>
                  <Form.Item name="discountPct" label={pick(text.discountPct)} rules={[{ required: true, message: pick(text.required) }]}>
                    <InputNumber min={0} max={100} precision={1} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
                <Col span={8}>
                  <Form.Item label={pick(text.netPrice)}>
                    <Typography.Text strong style={{ fontSize: 16 }}>{yuan(bundlePremium({ price: price ?? 0, discountPct: discountPct ?? 0 }).toFixed(2))}</Typography.Text>
                  </Form.Item>
                </Col>
              </Row>
              <Row gutter={12}>
                <Col span={16}>
                  <Form.Item name="validity" label={pick(text.validity)} rules={[{ required: true, message: pick(text.required) }]}>
                    <DatePicker.RangePicker style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
                <Col span={8}>
                  <Form.Item name="active" label={pick(text.active)} valuePropName="checked">
                    <Switch />
                  </Form.Item>
                </Col>
              </Row>
            </Card>
            <GuidanceCard canWrite={canWrite} />
          </Col>
          <Col xs={24} xl={14}>
            <Card title={pick(text.eligibility)} extra={<Typography.Text type="secondary">{pick(text.eligibilityHint)}</Typography.Text>} style={{ marginBottom: 16 }}>
              {catalogError !== undefined && <Alert type="error" showIcon message={errorText(catalogError)} />}
              {catalog ? (
                <RuleBuilder value={rule} onChange={setRule} catalog={catalog} lang={locale} rootPath={RULE_PATH}
                  errors={ruleErrors} incomplete={live.incomplete} readOnly={!canWrite} />
              ) : (
                catalogError === undefined && <Spin />
              )}
            </Card>
            <Card title={pick(text.eligible)}>
              {dirty && bundle && <Alert type="info" showIcon message={pick(text.unsavedRule)} style={{ marginBottom: 12 }} />}
              <AudiencePreview lang={locale} result={preview.result} loading={preview.loading} failure={preview.failure} hasErrors={ruleErrors.length > 0} />
            </Card>
          </Col>
        </Row>
      </Form>
    </Space>
  );
}

const REMOVE = { zh: '删除', en: 'Remove' };

/** Talking points, objections with answers, and the short text for email and web. */
function GuidanceCard({ canWrite }: { canWrite: boolean }) {
  const { pick } = useI18n();
  return (
    <Card title={pick(text.guidance)}>
      <Typography.Text strong>{pick(text.talkingPoints)}</Typography.Text>
      <Form.List name={['guidance', 'talkingPoints']}>
        {(fields, { add, remove }) => (
          <div style={{ marginTop: 8 }}>
            {fields.map((field, index) => (
              <Space key={field.key} align="baseline" style={{ display: 'flex' }}>
                <Typography.Text type="secondary">{index + 1}.</Typography.Text>
                <Form.Item name={field.name} style={{ flex: 1, marginBottom: 8, width: 380 }}>
                  <Input maxLength={300} aria-label={`${pick(text.talkingPoints)} ${index + 1}`} />
                </Form.Item>
                {canWrite && <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={pick(REMOVE)} />}
              </Space>
            ))}
            {canWrite && <Button type="dashed" icon={<PlusOutlined />} onClick={() => add('')} block>{pick(text.addTalkingPoint)}</Button>}
          </div>
        )}
      </Form.List>
      <Typography.Text strong style={{ display: 'block', marginTop: 16 }}>{pick(text.objections)}</Typography.Text>
      <Form.List name={['guidance', 'objections']}>
        {(fields, { add, remove }) => (
          <div style={{ marginTop: 8 }}>
            {fields.map((field) => (
              <Card key={field.key} size="small" style={{ marginBottom: 8, background: '#fafafa' }}
                extra={canWrite && <Button type="text" size="small" icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={pick(REMOVE)} />}
                title={<Form.Item name={[field.name, 'objection']} style={{ margin: 0 }} rules={[{ required: true, whitespace: true, message: pick(text.required) }]}>
                  <Input variant="borderless" placeholder={pick(text.objection)} aria-label={pick(text.objection)} maxLength={300} style={{ fontWeight: 500, paddingLeft: 0 }} />
                </Form.Item>}
              >
                <Form.Item name={[field.name, 'answer']} style={{ margin: 0 }} rules={[{ required: true, whitespace: true, message: pick(text.required) }]}>
                  <Input.TextArea placeholder={pick(text.answer)} aria-label={pick(text.answer)} autoSize={{ minRows: 2 }} maxLength={1000} />
                </Form.Item>
              </Card>
            ))}
            {canWrite && <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ objection: '', answer: '' })} block>{pick(text.addObjection)}</Button>}
          </div>
        )}
      </Form.List>
      <Form.Item name={['guidance', 'shortText']} label={pick(text.shortText)} style={{ marginTop: 16, marginBottom: 0 }}>
        <Input.TextArea rows={3} maxLength={500} showCount />
      </Form.Item>
    </Card>
  );
}
