import { ArrowLeftOutlined, DeleteOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Flex, Form, Input, Popconfirm, Row, Space, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { LoadFailure } from '../../components/load-failure';
import { AudiencePreview } from '../../components/rule-builder/audience-preview';
import { asGroup, conditionCount, emptyRule, type FieldError, type RuleGroup } from '../../components/rule-builder/rule';
import { RuleBuilder } from '../../components/rule-builder/rule-builder';
import { useLivePreview, type AudiencePreviewResult } from '../../components/rule-builder/use-live-preview';
import { useRuleCatalog } from '../../components/rule-builder/use-rule-catalog';
import { useErrorText, useShowError } from '../../components/errors';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../../session/session';
import { PLANNING_WRITERS, segmentApi, type SegmentDetail, type SegmentKind } from './segment-api';
import { KindTag } from './segments-page';
import { segmentText as text } from './segment-text';
import { SnapshotsCard } from './snapshots-card';
import { StaticMembers } from './static-members';
import { PageHeading } from '../../components/page-container';

interface Basics {
  name: string;
  description?: string;
}

/** Creates or edits one segment: a dynamic segment's rule with its live count, or a static list's members; and its snapshots. */
export default function SegmentEditorPage() {
  // /…/new has a route of its own (only writers may open it), without an :id.
  const { id = 'new' } = useParams();
  const [search] = useSearchParams();
  const isNew = id === 'new';
  const segmentId = isNew ? undefined : Number(id);
  const { pick } = useI18n();
  const { hasAnyRole } = useSession();
  const canWrite = hasAnyRole(PLANNING_WRITERS);
  const navigate = useNavigate();
  const showError = useShowError();
  const { message } = App.useApp();
  const [form] = Form.useForm<Basics>();
  const [segment, setSegment] = useState<SegmentDetail>();
  const [loadError, setLoadError] = useState<unknown>();
  const [rule, setRule] = useState<RuleGroup>(emptyRule());
  const [saveErrors, setSaveErrors] = useState<FieldError[]>([]);
  const [saving, setSaving] = useState(false);
  const kind: SegmentKind = segment?.kind ?? (search.get('kind') === 'static' ? 'static' : 'dynamic');

  useEffect(() => {
    if (!segmentId) return;
    segmentApi.get(segmentId).then((loaded) => {
      setSegment(loaded);
      setRule(loaded.rule ? asGroup(loaded.rule) : emptyRule());
    }, setLoadError);
  }, [segmentId]);

  // Once the form is on the page (it is not while loading), it shows the segment as stored.
  useEffect(() => {
    if (segment) form.setFieldsValue({ name: segment.name, description: segment.description ?? undefined });
  }, [segment, form]);

  if (loadError) {
    return <LoadFailure error={loadError} backTo="/segments" backLabel={pick(text.back)} />;
  }
  if (segmentId && !segment) return <Spin style={{ display: 'block', marginTop: 80 }} />;

  const save = async () => {
    const basics = await form.validateFields();
    setSaving(true);
    setSaveErrors([]);
    try {
      const body = { name: basics.name, description: basics.description ?? '', ...(kind === 'dynamic' ? { rule } : {}) };
      const saved = segmentId ? await segmentApi.update(segmentId, body) : await segmentApi.create({ ...body, kind });
      setSegment(saved);
      if (isNew) navigate(`/segments/${saved.id}`, { replace: true });
      message.success(pick(text.saved));
    } catch (error) {
      if (error instanceof ApiError && error.details.some((d) => d.field.startsWith('rule'))) setSaveErrors(error.details);
      showError(error);
    } finally {
      setSaving(false);
    }
  };

  const remove = async () => {
    try {
      await segmentApi.remove(segmentId!);
      navigate('/segments');
    } catch (error) {
      showError(error);
    }
  };

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Space align="center">
          <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate('/segments')} aria-label={pick(text.back)} />
          <PageHeading testId="segment-title">{segment?.name ?? pick(text.newSegment)}</PageHeading>
          <KindTag kind={kind} />
          {kind === 'dynamic' && <Typography.Text type="secondary">{pick(text.conditions, { count: conditionCount(rule) })}</Typography.Text>}
        </Space>
        {canWrite && (
          <Space>
            {segmentId && (
              <Popconfirm title={pick(text.confirmDelete)} onConfirm={remove}>
                <Button danger icon={<DeleteOutlined />}>{pick(text.delete)}</Button>
              </Popconfirm>
            )}
            <Button type="primary" icon={<SaveOutlined />} loading={saving} onClick={save} data-testid="save-segment">
              {pick(text.save)}
            </Button>
          </Space>
        )}
      </Flex>
      {!canWrite && <Alert type="info" showIcon message={pick(text.readOnly)} />}
      <Card size="small">
        <Form form={form} layout="inline" disabled={!canWrite} className={canWrite ? undefined : 'read-only-form'} style={{ rowGap: 8 }}>
          <Form.Item name="name" label={pick(text.name)} rules={[{ required: true, whitespace: true, message: pick(text.nameRequired) }]}>
            <Input maxLength={100} style={{ width: 260 }} data-testid="segment-name" />
          </Form.Item>
          <Form.Item name="description" label={pick(text.description)} style={{ flex: 1, minWidth: 280 }}>
            <Input maxLength={500} data-testid="segment-description" />
          </Form.Item>
        </Form>
      </Card>
      {kind === 'dynamic' ? (
        <DynamicRule rule={rule} onChange={setRule} saveErrors={saveErrors} canWrite={canWrite} />
      ) : segmentId ? (
        <StaticSegment segmentId={segmentId} canWrite={canWrite} />
      ) : (
        <Alert type="info" showIcon message={pick(text.saveFirst)} />
      )}
      <SnapshotsCard segmentId={segmentId} canWrite={canWrite} />
    </Space>
  );
}

function DynamicRule({ rule, onChange, saveErrors, canWrite }: { rule: RuleGroup; onChange: (rule: RuleGroup) => void; saveErrors: FieldError[]; canWrite: boolean }) {
  const { pick, locale } = useI18n();
  const { catalog, error } = useRuleCatalog();
  const errorText = useErrorText();
  const live = useLivePreview(rule, catalog);
  const errors = live.errors.length ? live.errors : saveErrors;
  return (
    <Row gutter={16}>
      <Col xs={24} xl={15}>
        <Card title={pick(text.rule)} extra={<Typography.Text type="secondary">{pick(text.ruleHint)}</Typography.Text>}>
          {error !== undefined && <Alert type="error" showIcon message={errorText(error)} />}
          {catalog ? (
            <RuleBuilder value={rule} onChange={onChange} catalog={catalog} lang={locale} errors={errors} incomplete={live.incomplete} readOnly={!canWrite} />
          ) : (
            !error && <Spin />
          )}
        </Card>
      </Col>
      <Col xs={24} xl={9}>
        <Card title={pick(text.preview)}>
          <AudiencePreview lang={locale} result={live.result} loading={live.loading} failure={live.failure} hasErrors={errors.length > 0} />
        </Card>
      </Col>
    </Row>
  );
}

function StaticSegment({ segmentId, canWrite }: { segmentId: number; canWrite: boolean }) {
  const { pick, locale } = useI18n();
  const [preview, setPreview] = useState<AudiencePreviewResult>();
  const [failure, setFailure] = useState<unknown>();
  const [version, setVersion] = useState(0);

  useEffect(() => {
    segmentApi.preview(segmentId).then(setPreview, setFailure);
  }, [segmentId, version]);

  return (
    <Row gutter={16}>
      <Col xs={24} xl={15}>
        <StaticMembers segmentId={segmentId} canWrite={canWrite} onChanged={() => setVersion((v) => v + 1)} />
      </Col>
      <Col xs={24} xl={9}>
        <Card title={pick(text.preview)}>
          <AudiencePreview lang={locale} result={preview} failure={failure} />
        </Card>
      </Col>
    </Row>
  );
}
