import { ArrowLeftOutlined, CheckCircleOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Flex, Popconfirm, Row, Segmented, Select, Space, Spin, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { renderError } from '@lib/common/error-messages';
import type { FormAnswers, FormDefinition } from '@lib/evaluation/form-schema';
import { definitionShapeProblems, validateDefinition, type AnswerStage } from '@lib/evaluation/form-validation';
import { ApiError } from '../../api/client';
import { EvaluationForm } from '../../components/evaluation-form/evaluation-form';
import { useShowError } from '../../components/errors';
import { LoadFailure } from '../../components/load-failure';
import { PageHeading } from '../../components/page-container';
import { useI18n } from '../../i18n/i18n';
import { evaluationFormApi, type FormTemplate, type FormVersion } from './evaluation-form-api';
import { formText as text } from './evaluation-form-text';
import { FormDesigner } from './form-designer';

/**
 * One form template: its versions, and the chosen one. A draft opens in the designer
 * beside a live preview that checks what one types into it with the same validator the
 * API uses; publishing saves and publishes it, or shows the server's problems at the
 * designer's fields. A published version is read with the preview only.
 */
export default function EvaluationFormPage() {
  const id = Number(useParams().id);
  const { pick, locale } = useI18n();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const showError = useShowError();
  const [template, setTemplate] = useState<FormTemplate>();
  const [version, setVersion] = useState<FormVersion>();
  const [definition, setDefinition] = useState<FormDefinition>();
  const [serverProblems, setServerProblems] = useState<{ field: string; problem: string }[]>([]);
  const [loadError, setLoadError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [changedElsewhere, setChangedElsewhere] = useState(false);

  const open = useCallback(
    async (number?: number) => {
      const loaded = await evaluationFormApi.get(id);
      const chosen = number ?? loaded.draftVersion ?? loaded.publishedVersion ?? loaded.versions[0]?.version;
      const shown = chosen === undefined ? undefined : await evaluationFormApi.version(id, chosen);
      setTemplate(loaded);
      setVersion(shown);
      setDefinition(shown?.definition as FormDefinition | undefined);
      setServerProblems([]);
      setChangedElsewhere(false);
    },
    [id],
  );

  useEffect(() => {
    open().catch(setLoadError);
  }, [open]);

  const editing = Boolean(template?.editable && version?.status === 'draft');
  const localProblems = useMemo(() => (editing && definition ? validateDefinition(definition) : []), [editing, definition]);
  const problems = useMemo(() => {
    const byPath = new Map<string, string[]>();
    const add = (path: string, problem: string) => {
      const texts = byPath.get(path) ?? [];
      if (!texts.includes(problem)) byPath.set(path, [...texts, problem]);
    };
    for (const problem of localProblems) add(problem.field, renderError(problem.code, problem.params, locale));
    for (const problem of serverProblems) add(problem.field.replace(/^definition\.?/, ''), problem.problem);
    return byPath;
  }, [localProblems, serverProblems, locale]);
  const problemsAt = useCallback((path: string) => problems.get(path) ?? [], [problems]);
  const problemCountUnder = useCallback(
    (prefix: string) => [...problems.entries()].filter(([path]) => path === prefix || path.startsWith(`${prefix}.`)).reduce((sum, [, texts]) => sum + texts.length, 0),
    [problems],
  );
  const problemCount = localProblems.length;

  if (loadError) return <LoadFailure error={loadError} backTo="/evaluation-forms" backLabel={pick(text.back)} />;
  if (!template) return <Spin />;

  const save = async (): Promise<FormVersion> => {
    const saved = await evaluationFormApi.saveDraft(id, { definition: definition as FormDefinition, revision: version?.revision ?? 1 });
    setVersion(saved);
    return saved;
  };

  const run = (action: () => Promise<void>) => async () => {
    setBusy(true);
    try {
      await action();
    } catch (error) {
      // Another designer's save came first: say so beside the designer and offer to reload, rather than a passing message.
      if (error instanceof ApiError && error.code === 'evaluation_form_draft_changed') {
        setChangedElsewhere(true);
      } else {
        if (error instanceof ApiError && error.status === 400 && error.details.length > 0) setServerProblems(error.details);
        showError(error);
      }
    } finally {
      setBusy(false);
    }
  };

  const onSave = run(async () => {
    await save();
    setServerProblems([]);
    message.success(pick(text.saved));
  });

  const onPublish = run(async () => {
    await save();
    const published = await evaluationFormApi.publish(id);
    message.success(pick(text.publishedNow, { version: published.version }));
    await open(published.version);
  });

  const onStartDraft = run(async () => {
    const draft = await evaluationFormApi.startDraft(id);
    await open(draft.version);
  });

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Flex justify="space-between" align="flex-end" wrap gap={12}>
        <div>
          <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => navigate('/evaluation-forms')} style={{ paddingLeft: 0 }}>
            {pick(text.back)}
          </Button>
          <PageHeading testId="form-title">{pick(template.name)}</PageHeading>
          <Typography.Text type="secondary" code>
            {template.code}
          </Typography.Text>
        </div>
        <Space wrap>
          <Select
            aria-label={pick(text.versions)}
            style={{ minWidth: 200 }}
            value={version?.version}
            onChange={(number: number) => void open(number).catch(showError)}
            options={template.versions.map((v) => ({
              value: v.version,
              label: `${pick(text.versionN, { version: v.version })} · ${pick(v.status === 'draft' ? text.statusDraft : text.statusPublished)}`,
            }))}
          />
          {editing && (
            <>
              <Button icon={<SaveOutlined />} loading={busy} onClick={onSave} data-testid="save-draft">
                {pick(text.save)}
              </Button>
              <Popconfirm title={pick(text.publishConfirm)} onConfirm={onPublish} okText={pick(text.publish)}>
                <Button type="primary" icon={<CheckCircleOutlined />} loading={busy} data-testid="publish">
                  {pick(text.publish)}
                </Button>
              </Popconfirm>
            </>
          )}
          {template.editable && template.draftVersion === null && (
            <Button icon={<PlusOutlined />} loading={busy} onClick={onStartDraft} title={pick(text.startDraftHint)} data-testid="start-draft">
              {pick(text.startDraft)}
            </Button>
          )}
        </Space>
      </Flex>
      {version && <VersionLine version={version} />}
      {!template.editable && <Alert type="info" showIcon message={pick(text.notEditable)} />}
      {changedElsewhere && (
        <Alert
          type="error"
          showIcon
          message={pick(text.draftChanged)}
          description={pick(text.draftChangedHint)}
          data-testid="draft-changed"
          action={
            <Button onClick={() => void open(version?.version).catch(showError)} data-testid="reload-draft">
              {pick(text.reload)}
            </Button>
          }
        />
      )}
      {editing && (
        <Alert
          type={problemCount ? 'warning' : 'success'}
          showIcon
          message={problemCount ? pick(text.problems, { count: problemCount }) : pick(text.noProblems)}
          data-testid="designer-summary"
        />
      )}
      {definition && (
        <Row gutter={16}>
          {editing && (
            <Col xs={24} xl={14}>
              <FormDesigner definition={definition} problemsAt={problemsAt} problemCount={problemCountUnder} onChange={setDefinition} />
            </Col>
          )}
          <Col xs={24} xl={editing ? 10 : 24}>
            <Preview definition={definition} />
          </Col>
        </Row>
      )}
    </Space>
  );
}

function VersionLine({ version }: { version: FormVersion }) {
  const { pick } = useI18n();
  return (
    <Space wrap>
      <Tag color={version.status === 'draft' ? 'gold' : 'green'}>{pick(version.status === 'draft' ? text.statusDraft : text.statusPublished)}</Tag>
      {version.publishedAt && (
        <Typography.Text type="secondary">{pick(text.publishedBy, { name: version.publishedByName ?? '', at: dayjs(version.publishedAt).format('YYYY-MM-DD HH:mm') })}</Typography.Text>
      )}
      {version.campaigns > 0 && <Typography.Text type="secondary">{pick(text.inUse, { count: version.campaigns })}</Typography.Text>}
      {version.status === 'published' && <Typography.Text type="secondary">{pick(text.readOnly)}</Typography.Text>}
    </Space>
  );
}

/** The form as a branch will fill it, checked as one types: the designer's live preview. */
function Preview({ definition }: { definition: FormDefinition }) {
  const { pick } = useI18n();
  const [answers, setAnswers] = useState<FormAnswers>({});
  const [stage, setStage] = useState<AnswerStage>('draft');
  const shaped = definitionShapeProblems(definition).length === 0;
  return (
    <Card className="form-designer-preview" title={pick(text.preview)} data-testid="form-preview">
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">{pick(text.previewHint)}</Typography.Text>
        <Space wrap>
          <Segmented<AnswerStage>
            aria-label={pick(text.previewStage)}
            size="small"
            value={stage}
            onChange={setStage}
            options={[
              { value: 'draft', label: pick(text.stageDraft) },
              { value: 'submit', label: pick(text.stageSubmit) },
            ]}
          />
          <Button size="small" onClick={() => setAnswers({})}>
            {pick(text.resetAnswers)}
          </Button>
        </Space>
      </Flex>
      {shaped ? <EvaluationForm definition={definition} value={answers} onChange={setAnswers} stage={stage} /> : <Alert type="warning" message={pick(text.previewBlocked)} />}
    </Card>
  );
}
