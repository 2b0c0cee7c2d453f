import { ArrowLeftOutlined, DeleteOutlined, PlusOutlined, SaveOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Col, ConfigProvider, DatePicker, Flex, Form, Input, InputNumber, Row, Select, Space, Spin, Steps, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError, type FieldProblem } from '../../api/client';
import { useShowError } from '../../components/errors';
import { LoadFailure } from '../../components/load-failure';
import { useOrgUnits } from '../../components/org-units';
import { PageHeading } from '../../components/page-container';
import { useI18n } from '../../i18n/i18n';
import { useUser } from '../../session/session';
import { bundleApi, type Bundle } from '../bundles/bundle-api';
import { EvaluationFormSelect } from '../evaluation-forms/evaluation-form-select';
import { LINES } from '../products/labels';
import { useSegmentOptions } from '../segments/use-segment-options';
import { AllocationEditor } from './allocation-editor';
import { campaignApi, type Campaign } from './campaign-api';
import { campaignText as text, CHANNEL_LABELS, OBJECTIVE_LABELS, WEEKDAY_LABELS } from './campaign-text';
import { ForecastPanel } from './forecast-panel';
import { StepCapacity } from './step-capacity';
import {
  formPath, latestReturn, newPlanForm, newStep, SECTIONS, sectionOf, toBody, toForecastInput, toForm, useFieldLabel, type PlanForm, type Section,
} from './plan-fields';

const TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;
const EDITABLE = ['draft', 'returned'];
const REVIEW_COMMENT_COLOUR = '#ad4e00';

/**
 * The campaign manager's step-by-step editor of a draft (or a returned revision):
 * basics, audience, offer, channels, budget and allocation, KPIs, evaluation form,
 * with the forecast of the plan as edited beside it and, on submit, every problem the
 * server finds, next to its field and in a list.
 */
export default function CampaignEditorPage() {
  const { id } = useParams();
  const campaignId = id && id !== 'new' ? Number(id) : undefined;
  const { pick, label, localName } = useI18n();
  const user = useUser();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const showError = useShowError();
  const fieldLabel = useFieldLabel();
  const [form] = Form.useForm<PlanForm>();
  const [campaign, setCampaign] = useState<Campaign>();
  const [loadError, setLoadError] = useState<unknown>();
  const [section, setSection] = useState<Section>('basics');
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [busy, setBusy] = useState<'save' | 'submit'>();
  const [bundles, setBundles] = useState<Bundle[]>([]);
  const segmentOptions = useSegmentOptions();
  const { units } = useOrgUnits();
  const values = Form.useWatch((all: PlanForm) => all, { form, preserve: true });

  useEffect(() => {
    if (!campaignId) return;
    campaignApi.get(campaignId).then(setCampaign, setLoadError);
  }, [campaignId]);
  useEffect(() => {
    bundleApi.list(true).then(setBundles, showError);
  }, [showError]);

  function showProblems(found: FieldProblem[]) {
    form.setFields(problems.map((p) => ({ name: formPath(p.field) as never, errors: [] })));
    setProblems(found);
    form.setFields(found.map((p) => ({ name: formPath(p.field) as never, errors: [p.problem] })));
    if (found.length) setSection(sectionOf(found[0].field));
  }

  const revision = campaign?.open ?? null;
  const returned = latestReturn(revision);
  // Once the form is on the page it shows the revision as stored, and the reviewer's comments beside their fields.
  useEffect(() => {
    if (!revision) return;
    form.setFieldsValue(toForm(revision));
    if (revision.status === 'returned' && returned) {
      form.setFields(returned.fieldComments.map((c) => ({ name: formPath(c.field) as never, warnings: [c.comment] })));
    }
    // The revision's id and last change say when the stored plan changed; the objects themselves are new on every load.
  }, [revision?.id, revision?.updatedAt, form]);

  const editable = !campaign || (campaign.ownerId === user.id && revision !== null && EDITABLE.includes(revision.status));
  const forecastInput = useMemo(() => toForecastInput(values, campaignId), [values, campaignId]);
  const branchOptions = useMemo(
    () => units.filter((u) => u.level >= 3).map((u) => ({ value: u.id, label: localName(u.name, u.nameEn) })),
    [units, localName],
  );
  const participating = new Set(values?.branchIds ?? []);
  const stepBranchOptions = branchOptions.filter((o) => participating.has(o.value));

  if (loadError) return <LoadFailure error={loadError} backTo="/campaigns" backLabel={pick(text.back)} />;
  if (campaignId && !campaign) return <Spin style={{ display: 'block', marginTop: 80 }} />;

  /** Saves the plan as it stands; a new campaign is created (a name and an objective are enough). */
  const persist = async (): Promise<Campaign | undefined> => {
    try {
      await form.validateFields(['name', 'objective']);
    } catch {
      setSection('basics');
      return undefined;
    }
    const body = toBody(form.getFieldsValue(true) as PlanForm);
    try {
      const saved = campaign ? await campaignApi.update(campaign.id, body) : await campaignApi.create(body);
      showProblems([]);
      setCampaign(saved);
      return saved;
    } catch (error) {
      if (error instanceof ApiError && error.details.length) showProblems(error.details);
      showError(error);
      return undefined;
    }
  };

  const save = async () => {
    setBusy('save');
    const saved = await persist();
    setBusy(undefined);
    if (!saved) return;
    message.success(pick(text.saved));
    if (!campaign) navigate(`/campaigns/${saved.id}/edit`, { replace: true });
  };

  const submit = async () => {
    setBusy('submit');
    const saved = await persist();
    if (!saved) {
      setBusy(undefined);
      return;
    }
    try {
      await campaignApi.move(saved.id, 'submit');
      message.success(pick(text.submitted));
      navigate(`/campaigns/${saved.id}`);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'campaign_plan_incomplete') showProblems(error.details);
      else showError(error);
      // The page stays mounted when its address changes, so the problems stay beside their fields.
      if (!campaign) navigate(`/campaigns/${saved.id}/edit`, { replace: true });
    } finally {
      setBusy(undefined);
    }
  };

  const branchName = (branchId: number) => branchOptions.find((o) => o.value === branchId)?.label ?? `#${branchId}`;
  /** What the channel has left for step `at` (a call, not a component of its own, so its state survives re-renders). */
  const stepCapacity = (at: number) => {
    const step = values?.steps?.[at];
    if (!step?.channel) return null;
    return (
      <StepCapacity
        channel={step.channel}
        branchIds={step.branchIds?.length ? step.branchIds : (values?.branchIds ?? [])}
        campaignStart={values?.startDate?.format('YYYY-MM-DD')}
        campaignEnd={values?.endDate?.format('YYYY-MM-DD')}
        step={{ startOffsetDays: step.startDate ? null : (step.startOffsetDays ?? 0), startDate: step.startDate?.format('YYYY-MM-DD') ?? null, daysOfWeek: step.daysOfWeek ?? [] }}
        dailyCapacity={step.dailyCapacity ?? null}
        campaignId={campaignId}
        branchName={branchName}
      />
    );
  };

  const sectionProblems = (s: Section) => problems.filter((p) => sectionOf(p.field) === s).length;
  const shown = (s: Section) => ({ display: section === s ? undefined : 'none' });
  const index = SECTIONS.indexOf(section);

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Space align="center">
          <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(campaign ? `/campaigns/${campaign.id}` : '/campaigns')} aria-label={pick(text.back)} />
          <PageHeading testId="campaign-editor-title">
            {campaign ? `${campaign.code} ${revision?.name ?? campaign.name}` : pick(text.newCampaign)}
          </PageHeading>
        </Space>
        {editable && (
          <Space>
            <Button icon={<SaveOutlined />} loading={busy === 'save'} disabled={!!busy} onClick={save} data-testid="save-campaign">{pick(text.save)}</Button>
            <Button type="primary" icon={<SendOutlined />} loading={busy === 'submit'} disabled={!!busy} onClick={submit} data-testid="submit-campaign">{pick(text.submit)}</Button>
          </Space>
        )}
      </Flex>
      {!editable && <Alert type="info" showIcon message={pick(revision ? text.readOnly : text.frozen)} />}
      {revision?.status === 'returned' && returned && (
        <Alert
          type="warning"
          showIcon
          data-testid="review-comments"
          message={`${pick(text.reviewComments)} · ${returned.by}`}
          description={
            <Space direction="vertical" size={2}>
              {returned.comment && <span>{returned.comment}</span>}
              {returned.fieldComments.map((c) => (
                <Typography.Link key={c.field} onClick={() => setSection(sectionOf(c.field))}>{fieldLabel(c.field)}: {c.comment}</Typography.Link>
              ))}
            </Space>
          }
        />
      )}
      {problems.length > 0 && (
        <Alert
          type="error"
          showIcon
          data-testid="plan-problems"
          message={pick(text.problems)}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {problems.map((p) => (
                <li key={`${p.field}-${p.code ?? p.problem}`}>
                  <Typography.Link onClick={() => setSection(sectionOf(p.field))}>{fieldLabel(p.field)}</Typography.Link>: {p.problem}
                </li>
              ))}
            </ul>
          }
        />
      )}
      <Steps
        size="small"
        current={index}
        onChange={(next) => setSection(SECTIONS[next])}
        items={SECTIONS.map((s) => ({ title: pick(text[s]), status: sectionProblems(s) ? 'error' : undefined }))}
        data-testid="editor-steps"
      />
      <Row gutter={16} align="top">
        <Col xs={24} xl={15}>
          {/* The reviewer's comments show as field warnings; antd's warning orange is too light to read as text (1.9:1). */}
          <ConfigProvider theme={{ token: { colorWarning: REVIEW_COMMENT_COLOUR } }}>
            <Form form={form} layout="vertical" disabled={!editable} initialValues={newPlanForm()} requiredMark={false}>
              <Card title={pick(text.basics)} style={shown('basics')}>
                <Row gutter={12}>
                  <Col span={16}>
                    <Form.Item name="name" label={pick(text.name)} rules={[{ required: true, whitespace: true, message: pick(text.required) }]}>
                      <Input maxLength={100} data-testid="campaign-name" />
                    </Form.Item>
                  </Col>
                  <Col span={8}>
                    <Form.Item name="objective" label={pick(text.objective)}>
                      <Select options={Object.keys(OBJECTIVE_LABELS).map((code) => ({ value: code, label: label(OBJECTIVE_LABELS, code) }))} data-testid="campaign-objective" />
                    </Form.Item>
                  </Col>
                </Row>
                <Form.Item name="description" label={pick(text.description)}>
                  <Input.TextArea rows={2} maxLength={2000} />
                </Form.Item>
                <Row gutter={12}>
                  <Col span={12}>
                    <Form.Item name="startDate" label={pick(text.startDate)}>
                      <DatePicker style={{ width: '100%' }} data-testid="campaign-start" />
                    </Form.Item>
                  </Col>
                  <Col span={12}>
                    <Form.Item name="endDate" label={pick(text.endDate)}>
                      <DatePicker style={{ width: '100%' }} data-testid="campaign-end" />
                    </Form.Item>
                  </Col>
                </Row>
                <Form.Item name="branchIds" label={pick(text.branches)}>
                  <Select mode="multiple" optionFilterProp="label" options={branchOptions} data-testid="campaign-branches" />
                </Form.Item>
                <Row gutter={12}>
                  <Col span={8}>
                    <Form.Item name="priority" label={pick(text.priority)} extra={pick(text.priorityHint)}>
                      <InputNumber min={0} max={1000} precision={0} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col span={8}>
                    <Form.Item name="controlSharePct" label={pick(text.controlShare)} extra={pick(text.controlShareHint)}>
                      <InputNumber min={0} max={100} precision={2} style={{ width: '100%' }} data-testid="campaign-control" />
                    </Form.Item>
                  </Col>
                  <Col span={8}>
                    <Form.Item name="attributionWindowDays" label={pick(text.attributionWindow)}>
                      <InputNumber min={1} max={365} precision={0} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                </Row>
              </Card>

              <Card title={pick(text.audience)} style={shown('audience')}>
                <Form.Item name="includeSegmentIds" label={pick(text.include)}>
                  <Select mode="multiple" optionFilterProp="label" options={segmentOptions} data-testid="campaign-include" />
                </Form.Item>
                <Form.Item name="excludeSegmentIds" label={pick(text.exclude)}>
                  <Select mode="multiple" optionFilterProp="label" options={segmentOptions} data-testid="campaign-exclude" />
                </Form.Item>
              </Card>

              <Card title={pick(text.offer)} style={shown('offer')}>
                <Form.Item name="bundleId" label={pick(text.bundle)}>
                  <Select allowClear placeholder={pick(text.noBundle)} optionFilterProp="label"
                    options={bundles.map((b) => ({ value: b.id, label: `${b.code} ${b.name}` }))} data-testid="campaign-bundle" />
                </Form.Item>
                <Form.Item name="attributionProductLines" label={pick(text.attributionProductLines)} extra={pick(text.attributionProductLinesHint)}>
                  <Select mode="multiple" optionFilterProp="label" data-testid="campaign-product-lines"
                    options={Object.entries(LINES).map(([value, line]) => ({ value, label: pick(line.label) }))} />
                </Form.Item>
              </Card>

              <div style={shown('channels')}>
                <Form.List name="steps">
                  {(fields, { add, remove }) => (
                    <Flex vertical gap={12}>
                      {fields.map((field, i) => (
                        <Card key={field.key} size="small" title={pick(text.step, { n: i + 1 })} data-testid={`step-${i}`}
                          extra={editable && (
                            <Button type="text" danger icon={<DeleteOutlined />} aria-label={pick(text.removeStep, { n: i + 1 })} onClick={() => remove(field.name)} />
                          )}>
                          <Row gutter={12}>
                            <Col span={8}>
                              <Form.Item name={[field.name, 'channel']} label={pick(text.channel)}>
                                <Select options={Object.keys(CHANNEL_LABELS).map((code) => ({ value: code, label: label(CHANNEL_LABELS, code) }))} data-testid="step-channel" />
                              </Form.Item>
                            </Col>
                            <Col span={16}>
                              <Form.Item name={[field.name, 'templateRef']} label={pick(text.templateRef)} extra={pick(text.templateHint)}>
                                <Input maxLength={100} data-testid="step-template" />
                              </Form.Item>
                            </Col>
                          </Row>
                          <Row gutter={12}>
                            <Col span={8}>
                              <Form.Item name={[field.name, 'startOffsetDays']} label={pick(text.startOffset)}>
                                <InputNumber min={0} max={366} precision={0} style={{ width: '100%' }} data-testid="step-offset" />
                              </Form.Item>
                            </Col>
                            <Col span={8}>
                              <Form.Item name={[field.name, 'startDate']} label={pick(text.stepStartDate)}>
                                <DatePicker style={{ width: '100%' }} />
                              </Form.Item>
                            </Col>
                            <Col span={8}>
                              <Form.Item name={[field.name, 'daysOfWeek']} label={pick(text.daysOfWeek)}>
                                <Checkbox.Group options={WEEKDAY_LABELS.map((d, n) => ({ value: n + 1, label: pick(d) }))} />
                              </Form.Item>
                            </Col>
                          </Row>
                          <Row gutter={12}>
                            <Col span={6}>
                              <Form.Item name={[field.name, 'windowStart']} label={pick(text.windowStart)}
                                rules={[{ pattern: TIME_PATTERN, message: pick(text.timeHint) }]}>
                                <Input placeholder="09:00" maxLength={5} />
                              </Form.Item>
                            </Col>
                            <Col span={6}>
                              <Form.Item name={[field.name, 'windowEnd']} label={pick(text.windowEnd)}
                                rules={[{ pattern: TIME_PATTERN, message: pick(text.timeHint) }]}>
                                <Input placeholder="18:00" maxLength={5} />
                              </Form.Item>
                            </Col>
                            <Col span={6}>
                              <Form.Item name={[field.name, 'costPerContact']} label={pick(text.costPerContact)}>
                                <InputNumber<string> stringMode min="0" precision={2} style={{ width: '100%' }} data-testid="step-cost" />
                              </Form.Item>
                            </Col>
                            <Col span={6}>
                              <Form.Item name={[field.name, 'dailyCapacity']} label={pick(text.dailyCapacity)}>
                                <InputNumber min={0} precision={0} style={{ width: '100%' }} data-testid="step-capacity" />
                              </Form.Item>
                            </Col>
                          </Row>
                          <Form.Item name={[field.name, 'branchIds']} label={pick(text.stepBranches)}>
                            <Select mode="multiple" optionFilterProp="label" options={stepBranchOptions} />
                          </Form.Item>
                          {section === 'channels' && stepCapacity(i)}
                        </Card>
                      ))}
                      {editable && (
                        <Button type="dashed" icon={<PlusOutlined />} onClick={() => add(newStep())} data-testid="add-step">{pick(text.addStep)}</Button>
                      )}
                    </Flex>
                  )}
                </Form.List>
              </div>

              <Card title={pick(text.budgetSection)} style={shown('budgetSection')}>
                <Form.Item name="budget" label={pick(text.budget)}>
                  <InputNumber<string> stringMode min="0" precision={2} style={{ width: '100%' }} data-testid="campaign-budget" />
                </Form.Item>
                <Link to="/budgets">{pick(text.budgetPages)}</Link>
              </Card>

              <Card title={pick(text.kpis)} style={shown('kpis')}>
                <Row gutter={12}>
                  <Col span={6}>
                    <Form.Item name={['kpiTargets', 'contacts']} label={pick(text.kpiContacts)}>
                      <InputNumber min={0} precision={0} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col span={6}>
                    <Form.Item name={['kpiTargets', 'responseRatePct']} label={pick(text.kpiResponseRate)}>
                      <InputNumber min={0} max={100} precision={2} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col span={6}>
                    <Form.Item name={['kpiTargets', 'conversions']} label={pick(text.kpiConversions)}>
                      <InputNumber min={0} precision={0} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col span={6}>
                    <Form.Item name={['kpiTargets', 'premium']} label={pick(text.kpiPremium)}>
                      <InputNumber<string> stringMode min="0" precision={2} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                </Row>
              </Card>

              <Card title={pick(text.evaluation)} style={shown('evaluation')}>
                <Form.Item name="evaluationFormRef" label={pick(text.evaluationFormRef)} extra={pick(text.evaluationHint)}>
                  <EvaluationFormSelect />
                </Form.Item>
                <Form.Item name="evaluationCheckpoints" label={pick(text.evaluationCheckpoints)} extra={pick(text.evaluationCheckpointsHint)}>
                  <DatePicker multiple maxTagCount="responsive" style={{ width: '100%' }} />
                </Form.Item>
                <Form.Item name="evaluationDueDays" label={pick(text.evaluationDueDays)} extra={pick(text.evaluationDueDaysHint)}>
                  <InputNumber min={1} max={90} precision={0} style={{ width: 160 }} />
                </Form.Item>
              </Card>
            </Form>
          </ConfigProvider>
          {section === 'budgetSection' && (
            <div style={{ marginTop: 16 }}>
              {campaign && revision ? (
                <AllocationEditor campaignId={campaign.id} revisionId={revision.id} editable={editable}
                  branchIds={values?.branchIds ?? []} channels={[...new Set((values?.steps ?? []).map((s) => s?.channel).filter(Boolean))]} />
              ) : (
                <Alert type="info" showIcon message={pick(text.allocationAfterSave)} />
              )}
            </div>
          )}
          <Flex justify="space-between" style={{ marginTop: 16 }}>
            <Button disabled={index === 0} onClick={() => setSection(SECTIONS[index - 1])}>{pick(text.previous)}</Button>
            <Button disabled={index === SECTIONS.length - 1} onClick={() => setSection(SECTIONS[index + 1])} data-testid="next-section">{pick(text.next)}</Button>
          </Flex>
        </Col>
        <Col xs={24} xl={9} style={{ position: 'sticky', top: 16 }}>
          <ForecastPanel input={forecastInput} />
        </Col>
      </Row>
    </Flex>
  );
}
