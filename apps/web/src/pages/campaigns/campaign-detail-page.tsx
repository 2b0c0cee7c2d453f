import { ArrowLeftOutlined, BranchesOutlined, CopyOutlined, DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Flex, Form, Input, Modal, Row, Select, Space, Spin, Table, Tabs, Timeline, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { FieldComment } from '@lib/campaigns/campaign.view';
import { CodeTag } from '../../components/code-tag';
import { useErrorText, useShowError } from '../../components/errors';
import { LoadFailure } from '../../components/load-failure';
import { PageHeading } from '../../components/page-container';
import { useI18n } from '../../i18n/i18n';
import { useUser } from '../../session/session';
import { yuan } from '../bundles/bundles-page';
import { campaignApi, type AuditEntry, type Campaign, type CampaignMove, type Comparison, type Revision } from './campaign-api';
import { actorsOf, allowedMoves } from './campaign-moves';
import { AUDIT_ACTION_LABELS, campaignText as text, FIELD_LABELS, LEVEL_LABELS, MOVE_LABELS, OBJECTIVE_LABELS, STATUS_LABELS } from './campaign-text';
import { ApprovalRoute, PlanDescription, usePlanNames } from './plan-view';
import { CampaignProgressCard } from './campaign-progress';
import { CampaignOverlapCard } from './campaign-overlap';
import { ForecastPanel } from './forecast-panel';
import { toForecastInput, toForm, useFieldLabel } from './plan-fields';

const PLAN_IN_FORCE = ['approved', 'scheduled', 'running', 'paused'];
/** Statuses of a campaign that may have been launched, so its progress has something to show. */
const LAUNCHED = ['running', 'paused', 'completed', 'closed', 'cancelled'];
/** Who may ask for a forecast (POST /campaign-forecasts). */
const FORECAST_READERS = ['campaign_manager', 'reviewer', 'analyst', 'admin'] as const;
/** Moves that undo work or end the campaign: asked again before they are made. */
const WEIGHTY: CampaignMove[] = ['cancel', 'close', 'complete'];
const LAUNCH_RELOAD_MS = 3000;

/** A campaign: its status and plan, the moves the user may make, the approval route, the audit trail and the revisions side by side. */
export default function CampaignDetailPage() {
  const campaignId = Number(useParams().id);
  const { pick, label, localName } = useI18n();
  const user = useUser();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const showError = useShowError();
  const names = usePlanNames();
  const [campaign, setCampaign] = useState<Campaign>();
  const [loadError, setLoadError] = useState<unknown>();
  const [audit, setAudit] = useState<AuditEntry[]>([]);
  const [moving, setMoving] = useState<CampaignMove>();
  const [busy, setBusy] = useState(false);

  const reload = useCallback(() => {
    campaignApi.get(campaignId).then(setCampaign, setLoadError);
    campaignApi.audit(campaignId).then(setAudit, showError);
  }, [campaignId, showError]);
  useEffect(reload, [reload]);

  if (loadError) return <LoadFailure error={loadError} backTo="/campaigns" backLabel={pick(text.back)} />;
  if (!campaign) return <Spin style={{ display: 'block', marginTop: 80 }} />;

  const owningPath = names.owningPath(campaign.owningOrgUnitId);
  const moves = allowedMoves(user, campaign, owningPath);
  const canLaunch = campaign.status === 'scheduled' && actorsOf(user, campaign, owningPath).length > 0;
  const isOwner = campaign.ownerId === user.id && user.roles.includes('campaign_manager');
  const open = campaign.open;
  const canEdit = isOwner && open !== null && (open.status === 'draft' || open.status === 'returned');
  const canRevise = isOwner && open === null && PLAN_IN_FORCE.includes(campaign.status);
  // A campaign still in draft was never submitted: its owner may drop it instead of cancelling it.
  const canDelete = isOwner && campaign.status === 'draft';
  // The reviewer judges the plan with the forecast beside it, as the planner saw it.
  const seesForecast = FORECAST_READERS.some((role) => user.roles.includes(role));

  const act = async (make: () => Promise<Campaign>, done: string) => {
    setBusy(true);
    try {
      const next = await make();
      message.success(done);
      return next;
    } catch (error) {
      showError(error);
      return undefined;
    } finally {
      setBusy(false);
    }
  };

  const makeMove = async (move: CampaignMove, body: { comment?: string; fieldComments?: FieldComment[] } = {}) => {
    const next = await act(() => campaignApi.move(campaign.id, move, body), pick(text.moveDone, { move: label(MOVE_LABELS, move) }));
    if (next) {
      setMoving(undefined);
      reload();
    }
  };

  const copy = async () => {
    const draft = await act(() => campaignApi.copy(campaign.id), pick(text.copied));
    if (draft) navigate(`/campaigns/${draft.id}/edit`);
  };
  const remove = () =>
    modal.confirm({
      title: pick(text.deleteDraftConfirm),
      okText: pick(text.deleteDraft),
      okButtonProps: { danger: true },
      onOk: async () => {
        try {
          await campaignApi.remove(campaign.id);
          message.success(pick(text.deleted));
          navigate('/campaigns');
        } catch (error) {
          showError(error);
        }
      },
    });
  const launch = async () => {
    setBusy(true);
    try {
      await campaignApi.launch(campaign.id);
      message.success(pick(text.launchQueued));
      // The worker sets the campaign running once the audience is frozen; the page follows a moment later.
      setTimeout(reload, LAUNCH_RELOAD_MS);
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  };
  const revise = async () => {
    const next = await act(() => campaignApi.createRevision(campaign.id), pick(text.revisionCreated));
    if (next) navigate(`/campaigns/${campaign.id}/edit`);
  };

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Space align="center" wrap>
          <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate('/campaigns')} aria-label={pick(text.back)} />
          <PageHeading testId="campaign-title">{campaign.code} {campaign.name}</PageHeading>
          <CodeTag code={campaign.status} labels={STATUS_LABELS} testId="campaign-status" />
          {campaign.status === 'scheduled' && campaign.approved?.startDate && (
            <Typography.Text type="secondary" data-testid="launches-at">{pick(text.launchesAt, { date: campaign.approved.startDate })}</Typography.Text>
          )}
          {open && campaign.approved && <Typography.Text type="secondary">{pick(text.openRevision, { n: open.number })}: <CodeTag code={open.status} labels={STATUS_LABELS} /></Typography.Text>}
        </Space>
        <Space wrap data-testid="campaign-moves">
          {canEdit && <Button icon={<EditOutlined />} onClick={() => navigate(`/campaigns/${campaign.id}/edit`)} data-testid="edit-campaign">{pick(text.edit)}</Button>}
          {canRevise && <Button icon={<BranchesOutlined />} loading={busy} onClick={revise} data-testid="create-revision">{pick(text.createRevision)}</Button>}
          {canLaunch && <Button type="primary" loading={busy && !moving} onClick={launch} data-testid="launch-campaign">{pick(text.launch)}</Button>}
          {moves.map((move) => (
            <Button
              key={move}
              type={move === 'approve' || move === 'submit' ? 'primary' : 'default'}
              danger={move === 'cancel' || move === 'return'}
              loading={busy && moving === move}
              onClick={() => (move === 'submit' ? makeMove(move) : setMoving(move))}
              data-testid={`move-${move}`}
            >
              {label(MOVE_LABELS, move)}
            </Button>
          ))}
          {canDelete && <Button danger icon={<DeleteOutlined />} onClick={remove} data-testid="delete-campaign">{pick(text.deleteDraft)}</Button>}
          {user.roles.includes('campaign_manager') && (
            <Button icon={<CopyOutlined />} loading={busy && !moving} onClick={copy} data-testid="copy-campaign">{pick(text.copy)}</Button>
          )}
        </Space>
      </Flex>
      <Card size="small">
        <Space wrap size={24}>
          <span>{pick(text.objective)}: {label(OBJECTIVE_LABELS, campaign.objective)}</span>
          <span>{pick(text.period)}: {campaign.startDate ?? '—'} ~ {campaign.endDate ?? '—'}</span>
          <span>{pick(text.budget)}: {campaign.budget ? yuan(campaign.budget) : '—'}</span>
          <span>{pick(text.owner)}: {campaign.ownerName}</span>
          <span>{pick(text.owningUnit)}: {localName(campaign.owningOrgUnitName, campaign.owningOrgUnitNameEn)}</span>
          {campaign.approved && <Link to={`/budgets/campaigns/${campaign.id}`} data-testid="budget-link">{pick(text.budgetPage)}</Link>}
          {LAUNCHED.includes(campaign.status) && <Link to={`/analytics/campaigns/${campaign.id}`} data-testid="roi-link">{pick(text.roiDashboard)}</Link>}
          {(campaign.status === 'completed' || campaign.status === 'closed' || campaign.status === 'running' || campaign.status === 'paused') && (
            <Link to={`/campaigns/${campaign.id}/evaluation-reports`} data-testid="evaluation-reports-link">{pick(text.evaluationReports)}</Link>
          )}
        </Space>
      </Card>
      <Tabs
        items={[
          {
            key: 'plan',
            label: pick(text.plan),
            children: (
              <Flex vertical gap={16}>
                {open && (
                  <Card size="small" title={pick(campaign.approved ? text.openRevision : text.planRevision, { n: open.number })}>
                    <Flex vertical gap={16}>
                      {open.requiredApprovalLevels.length > 0 && <ApprovalRoute revision={open} />}
                      <Decisions campaign={campaign} />
                      <Row gutter={16}>
                        <Col xs={24} xl={seesForecast ? 15 : 24}>
                          <PlanDescription revision={open} testId="open-plan" narrow={seesForecast} />
                        </Col>
                        {seesForecast && (
                          <Col xs={24} xl={9}>
                            <ForecastPanel input={toForecastInput(toForm(open), campaign.id)} />
                          </Col>
                        )}
                      </Row>
                    </Flex>
                  </Card>
                )}
                {campaign.approved && (
                  <Card size="small" title={pick(text.planInForce, { n: campaign.approved.number })}>
                    <PlanDescription revision={campaign.approved} testId="approved-plan" />
                  </Card>
                )}
              </Flex>
            ),
          },
          ...(LAUNCHED.includes(campaign.status)
            ? [{ key: 'progress', label: pick(text.progress), children: <CampaignProgressCard campaignId={campaign.id} live={campaign.status === 'running'} /> }]
            : []),
          { key: 'audit', label: pick(text.audit), children: <AuditTimeline entries={audit} /> },
          { key: 'revisions', label: pick(text.revisions), children: <RevisionComparisons campaign={campaign} /> },
          { key: 'overlap', label: pick(text.overlapTab), children: <CampaignOverlapCard campaignId={campaign.id} /> },
        ]}
      />
      {moving && (
        <MoveDialog move={moving} busy={busy} onCancel={() => setMoving(undefined)} onConfirm={(body) => makeMove(moving, body)} />
      )}
    </Flex>
  );
}

/** Every decision on the revision under review, with the reviewers' comments by field. */
function Decisions({ campaign }: { campaign: Campaign }) {
  const { pick, label } = useI18n();
  const fieldLabel = useFieldLabel();
  const approvals = campaign.open?.approvals ?? [];
  if (approvals.length === 0) return null;
  return (
    <Card size="small" type="inner" title={pick(text.approvals)} data-testid="decisions">
      <Timeline
        items={approvals.map((a) => ({
          color: a.decision === 'approved' ? 'green' : 'orange',
          children: (
            <Space direction="vertical" size={0}>
              <Typography.Text strong>
                {label(AUDIT_ACTION_LABELS, a.decision)} · {a.decidedByName} · {new Date(a.decidedAt).toLocaleString()}
              </Typography.Text>
              {a.comment && <span>{a.comment}</span>}
              {a.fieldComments.map((c) => <span key={c.field}>{fieldLabel(c.field)}: {c.comment}</span>)}
            </Space>
          ),
        }))}
      />
    </Card>
  );
}

const FIELD_OPTIONS = Object.keys(FIELD_LABELS).filter((f) => !['channel', 'templateRef', 'startOffsetDays', 'daysOfWeek', 'windowStart', 'windowEnd', 'costPerContact', 'dailyCapacity', 'contacts', 'responseRatePct', 'conversions', 'premium'].includes(f));

/** A move's confirmation with an optional comment; a return needs a comment and may name what to change, field by field. */
function MoveDialog({ move, busy, onCancel, onConfirm }: {
  move: CampaignMove;
  busy: boolean;
  onCancel: () => void;
  onConfirm: (body: { comment?: string; fieldComments?: FieldComment[] }) => void;
}) {
  const { pick, label } = useI18n();
  const [form] = Form.useForm<{ comment?: string; fieldComments?: FieldComment[] }>();
  const isReturn = move === 'return';
  const confirm = async () => {
    const values = await form.validateFields();
    const fieldComments = (values.fieldComments ?? []).filter((c) => c?.field && c.comment?.trim());
    onConfirm({ comment: values.comment?.trim() || undefined, ...(isReturn ? { fieldComments } : {}) });
  };
  return (
    <Modal
      open
      title={isReturn ? pick(text.returnTitle) : label(MOVE_LABELS, move)}
      okText={label(MOVE_LABELS, move)}
      okButtonProps={{ danger: isReturn || WEIGHTY.includes(move), loading: busy, ...({ 'data-testid': 'confirm-move' } as object) }}
      onOk={confirm}
      onCancel={onCancel}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Form.Item name="comment" label={pick(text.comment)}
          rules={isReturn ? [{ required: true, whitespace: true, message: pick(text.returnNeedsComment) }] : []}>
          <Input.TextArea rows={3} maxLength={2000} data-testid="move-comment" />
        </Form.Item>
        {isReturn && (
          <Form.List name="fieldComments">
            {(fields, { add, remove }) => (
              <Flex vertical gap={8}>
                <Typography.Text strong>{pick(text.fieldComments)}</Typography.Text>
                {fields.map((field, i) => (
                  <Flex key={field.key} gap={8} align="start" data-testid={`field-comment-${i}`}>
                    <Form.Item name={[field.name, 'field']} label={pick(text.field)} style={{ width: 180, marginBottom: 0 }}>
                      <Select options={FIELD_OPTIONS.map((f) => ({ value: f, label: pick(FIELD_LABELS[f]) }))} data-testid="field-comment-field" />
                    </Form.Item>
                    <Form.Item name={[field.name, 'comment']} label={pick(text.comment)} style={{ flex: 1, marginBottom: 0 }}>
                      <Input maxLength={1000} data-testid="field-comment-text" />
                    </Form.Item>
                    <Button type="text" onClick={() => remove(field.name)} aria-label={pick(text.removeFieldComment)} style={{ marginTop: 30 }}>×</Button>
                  </Flex>
                ))}
                <Button type="dashed" onClick={() => add({ field: 'budget', comment: '' })} data-testid="add-field-comment">{pick(text.addFieldComment)}</Button>
              </Flex>
            )}
          </Form.List>
        )}
      </Form>
    </Modal>
  );
}

const shortJson = (value: unknown): string => {
  if (value === null || value === undefined) return '—';
  const json = typeof value === 'string' ? value : JSON.stringify(value);
  return json.length > 160 ? `${json.slice(0, 157)}…` : json;
};

/** The audit trail, oldest first: who, when, which move or field, before and after. */
function AuditTimeline({ entries }: { entries: AuditEntry[] }) {
  const { pick, label } = useI18n();
  const fieldLabel = useFieldLabel();
  // Moves name the approval level ('level 3'), step entries the step's position ('steps[2]', from 1), others a plan field.
  const auditFieldLabel = (field: string) => {
    const level = /^level (\d)$/.exec(field);
    if (level) return pick(text.level, { level: label(LEVEL_LABELS, level[1]) });
    const step = /^steps\[(\d+)\]$/.exec(field);
    if (step) return pick(text.step, { n: Number(step[1]) });
    return fieldLabel(field);
  };
  return (
    <Card size="small" data-testid="audit-timeline">
      <Timeline
        items={entries.map((e) => ({
          children: (
            <Space direction="vertical" size={0}>
              <Typography.Text strong>
                {label(AUDIT_ACTION_LABELS, e.action)}
                {e.field ? ` · ${auditFieldLabel(e.field)}` : ''}
              </Typography.Text>
              <Typography.Text type="secondary">
                {e.actorName ?? '—'} · {new Date(e.at).toLocaleString()}{e.revisionNumber ? ` · #${e.revisionNumber}` : ''}
              </Typography.Text>
              {e.action === 'field_changed' || e.action.startsWith('step_') ? (
                <Typography.Text code>{shortJson(e.before)} → {shortJson(e.after)}</Typography.Text>
              ) : null}
              {e.comment && <span>{e.comment}</span>}
            </Space>
          ),
        }))}
      />
    </Card>
  );
}

/** Each revision against the one before it, field by field and step by step (the comparison endpoint). */
function RevisionComparisons({ campaign }: { campaign: Campaign }) {
  const { pick } = useI18n();
  const errorText = useErrorText();
  const fieldLabel = useFieldLabel();
  const numbers = campaign.revisions.map((r) => r.number);
  const [number, setNumber] = useState(numbers[numbers.length - 1]);
  const [comparison, setComparison] = useState<Comparison>();
  const [pair, setPair] = useState<Revision[]>([]);
  const [error, setError] = useState<string>();
  useEffect(() => {
    setError(undefined);
    setPair([]);
    campaignApi.compare(campaign.id, number).then((found) => {
      setComparison(found);
      const numbers = found.fromNumber === null ? [found.toNumber] : [found.fromNumber, found.toNumber];
      return Promise.all(numbers.map((n) => campaignApi.revision(campaign.id, n))).then(setPair);
    }).catch((e) => setError(errorText(e)));
  }, [campaign.id, number, errorText]);

  const rows = comparison
    ? [
        ...comparison.fields.map((f) => ({ key: f.field, field: fieldLabel(f.field), before: f.before, after: f.after })),
        ...comparison.steps.flatMap((s) =>
          s.fields.map((f) => ({ key: `${s.position}-${f.field}`, field: `${pick(text.step, { n: s.position })} · ${fieldLabel(f.field)} (${s.change})`, before: f.before, after: f.after })),
        ),
      ]
    : [];
  return (
    <Card size="small" data-testid="revision-comparison"
      title={
        <Space>
          <Select aria-label={pick(text.revisions)} value={number} onChange={setNumber} style={{ width: 200 }}
            options={campaign.revisions.map((r) => ({ value: r.number, label: `#${r.number} · ${STATUS_LABELS[r.status] ? pick(STATUS_LABELS[r.status].label) : r.status}` }))} />
          <span>{pick(text.compareWithPrevious, { n: number })}</span>
        </Space>
      }>
      {error && <Alert type="error" showIcon message={error} />}
      {comparison && comparison.fromNumber === null && <Typography.Text type="secondary">{pick(text.firstRevision)}</Typography.Text>}
      {comparison && comparison.fromNumber !== null && (
        <Table
          size="small"
          pagination={false}
          dataSource={rows}
          locale={{ emptyText: pick(text.noDifferences) }}
          columns={[
            { title: pick(text.field), dataIndex: 'field', width: 220 },
            { title: `${pick(text.before)} (#${comparison.fromNumber})`, dataIndex: 'before', render: (v: unknown) => <Typography.Text code>{shortJson(v)}</Typography.Text> },
            { title: `${pick(text.after)} (#${comparison.toNumber})`, dataIndex: 'after', render: (v: unknown) => <Typography.Text code>{shortJson(v)}</Typography.Text> },
          ]}
        />
      )}
      {pair.length === 2 && (
        <Row gutter={16} style={{ marginTop: 16 }} data-testid="revisions-side-by-side">
          {pair.map((revision) => (
            <Col key={revision.number} xs={24} xl={12}>
              <Card size="small" type="inner" title={`${pick(text.sideBySide)} · ${pick(text.revisionNumber, { n: revision.number })}`}>
                <PlanDescription revision={revision} narrow />
              </Card>
            </Col>
          ))}
        </Row>
      )}
    </Card>
  );
}
