import { Descriptions, Steps, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useShowError } from '../../components/errors';
import { useOrgUnits } from '../../components/org-units';
import { useI18n } from '../../i18n/i18n';
import { bundleApi, type Bundle } from '../bundles/bundle-api';
import { yuan } from '../bundles/bundles-page';
import { useSegmentOptions } from '../segments/use-segment-options';
import type { Revision } from './campaign-api';
import { campaignText as text, CHANNEL_LABELS, LEVEL_LABELS, OBJECTIVE_LABELS, STATUS_LABELS, WEEKDAY_LABELS } from './campaign-text';
import { CodeTag } from '../../components/code-tag';
import { LINES } from '../products/labels';

/** Names of segments, bundles and branches for showing a plan, loaded once. */
export function usePlanNames() {
  const { localName } = useI18n();
  const showError = useShowError();
  const segments = useSegmentOptions();
  const { units } = useOrgUnits();
  const [bundles, setBundles] = useState<Bundle[]>([]);
  useEffect(() => {
    bundleApi.list().then(setBundles, showError);
  }, [showError]);
  return {
    segment: (id: number) => segments.find((s) => s.value === id)?.label ?? `#${id}`,
    bundle: (id: number) => bundles.find((b) => b.id === id)?.name ?? `#${id}`,
    branch: (id: number) => {
      const unit = units.find((u) => u.id === id);
      return unit ? localName(unit.name, unit.nameEn) : `#${id}`;
    },
    owningPath: (id: number) => units.find((u) => u.id === id)?.path,
  };
}

/** The approval route of a revision: each required level, approved or waiting, in this round. */
export function ApprovalRoute({ revision }: { revision: Revision }) {
  const { pick, label } = useI18n();
  const round = revision.approvals.filter((a) => a.reviewRound === revision.reviewRound);
  const waiting = revision.requiredApprovalLevels.findIndex((level) => !round.some((a) => a.orgLevel === level && a.decision === 'approved'));
  return (
    <Steps
      size="small"
      data-testid="approval-route"
      current={waiting === -1 ? revision.requiredApprovalLevels.length : waiting}
      items={revision.requiredApprovalLevels.map((level) => {
        const decision = round.find((a) => a.orgLevel === level);
        return {
          title: pick(text.level, { level: label(LEVEL_LABELS, String(level)) }),
          status: decision?.decision === 'approved' ? 'finish' : decision?.decision === 'returned' ? 'error' : undefined,
          description: decision ? `${decision.decidedByName} ${new Date(decision.decidedAt).toLocaleString()}` : undefined,
        };
      })}
    />
  );
}

/** A revision of the plan, read only: every field, and its channel steps as a table. */
/** `narrow`: one field a row, for half the page (revisions side by side). */
export function PlanDescription({ revision, testId, narrow }: { revision: Revision; testId?: string; narrow?: boolean }) {
  const { pick, label } = useI18n();
  // A reference naming an objective is that objective's file template (docs/templates.md).
  const template = (ref: string | null) =>
    ref === null ? '—' : OBJECTIVE_LABELS[ref] ? pick(text.standardTemplate, { objective: pick(OBJECTIVE_LABELS[ref]), ref }) : ref;
  const names = usePlanNames();
  const list = (ids: number[], name: (id: number) => string) => (ids.length ? ids.map((id) => <Tag key={id}>{name(id)}</Tag>) : pick(text.none));
  const kpi = revision.kpiTargets;
  return (
    <div data-testid={testId}>
      <Descriptions size="small" bordered column={narrow ? 1 : { xs: 1, md: 2 }}>
        <Descriptions.Item label={pick(text.name)}>{revision.name}</Descriptions.Item>
        <Descriptions.Item label={pick(text.status)}><CodeTag code={revision.status} labels={STATUS_LABELS} /></Descriptions.Item>
        <Descriptions.Item label={pick(text.objective)}>{label(OBJECTIVE_LABELS, revision.objective)}</Descriptions.Item>
        <Descriptions.Item label={pick(text.period)}>{revision.startDate ?? '—'} ~ {revision.endDate ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={pick(text.description)} span={narrow ? 1 : 2}>{revision.description || '—'}</Descriptions.Item>
        <Descriptions.Item label={pick(text.branches)} span={narrow ? 1 : 2}>{list(revision.branchIds, names.branch)}</Descriptions.Item>
        <Descriptions.Item label={pick(text.include)}>{list(revision.includeSegmentIds, names.segment)}</Descriptions.Item>
        <Descriptions.Item label={pick(text.exclude)}>{list(revision.excludeSegmentIds, names.segment)}</Descriptions.Item>
        <Descriptions.Item label={pick(text.bundle)}>{revision.bundleId ? names.bundle(revision.bundleId) : pick(text.none)}</Descriptions.Item>
        <Descriptions.Item label={pick(text.budget)}>{revision.budget ? yuan(revision.budget) : '—'}</Descriptions.Item>
        <Descriptions.Item label={pick(text.controlShare)}>{revision.controlSharePct}</Descriptions.Item>
        <Descriptions.Item label={pick(text.priority)}>{revision.priority}</Descriptions.Item>
        <Descriptions.Item label={pick(text.attributionWindow)}>{revision.attributionWindowDays}</Descriptions.Item>
        <Descriptions.Item label={pick(text.attributionProductLines)}>
          {revision.attributionProductLines.length ? revision.attributionProductLines.map((line) => <CodeTag key={line} code={line} labels={LINES} />) : pick(text.none)}
        </Descriptions.Item>
        <Descriptions.Item label={pick(text.evaluationFormRef)}>{revision.evaluationFormRef ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={pick(text.evaluationCheckpoints)}>{revision.evaluationCheckpoints.length ? revision.evaluationCheckpoints.join('、') : '—'}</Descriptions.Item>
        <Descriptions.Item label={pick(text.evaluationDueDays)}>{revision.evaluationDueDays ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={pick(text.kpis)} span={narrow ? 1 : 2}>
          {pick(text.kpiContacts)} {kpi.contacts ?? '—'} · {pick(text.kpiResponseRate)} {kpi.responseRatePct ?? '—'} · {pick(text.kpiConversions)} {kpi.conversions ?? '—'} · {pick(text.kpiPremium)} {kpi.premium ? yuan(kpi.premium) : '—'}
        </Descriptions.Item>
      </Descriptions>
      <Typography.Title level={2} style={{ fontSize: 15, marginTop: 16 }}>{pick(text.steps)}</Typography.Title>
      {narrow ? (
        // Half the page has no room for the step table's columns: one line per step.
        <ol style={{ margin: 0, paddingInlineStart: 20 }}>
          {revision.steps.map((s) => (
            <li key={s.id}>
              {[
                label(CHANNEL_LABELS, s.channel),
                template(s.templateRef),
                s.startDate ?? `+${s.startOffsetDays ?? 0}`,
                s.daysOfWeek.map((d) => pick(WEEKDAY_LABELS[d - 1])).join(' '),
                s.windowStart ? `${s.windowStart}–${s.windowEnd ?? ''}` : null,
                `${yuan(s.costPerContact)} ${pick(text.perContact)}`,
                `${s.dailyCapacity ?? '—'} ${pick(text.perDay)}`,
                s.branchIds.length ? s.branchIds.map(names.branch).join('、') : pick(text.allBranches),
              ].filter(Boolean).join(' · ')}
            </li>
          ))}
        </ol>
      ) : (
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={revision.steps}
        columns={[
          { title: '#', dataIndex: 'position', width: 36 },
          { title: pick(text.channel), dataIndex: 'channel', render: (c: string) => label(CHANNEL_LABELS, c) },
          { title: pick(text.templateRef), dataIndex: 'templateRef', render: (t: string | null) => template(t) },
          { title: pick(text.startDate), render: (_, s) => s.startDate ?? `+${s.startOffsetDays ?? 0}` },
          { title: pick(text.daysOfWeek), dataIndex: 'daysOfWeek', render: (days: number[]) => days.map((d) => pick(WEEKDAY_LABELS[d - 1])).join(' ') },
          { title: pick(text.windowStart), render: (_, s) => (s.windowStart ? `${s.windowStart}–${s.windowEnd ?? ''}` : '—') },
          { title: pick(text.costPerContact), dataIndex: 'costPerContact', align: 'right', render: (c: string) => yuan(c) },
          { title: pick(text.dailyCapacity), dataIndex: 'dailyCapacity', align: 'right', render: (c: number | null) => c ?? '—' },
          { title: pick(text.stepBranches), dataIndex: 'branchIds', render: (ids: number[]) => (ids.length ? ids.map(names.branch).join('、') : pick(text.allBranches)) },
        ]}
      />
      )}
    </div>
  );
}
