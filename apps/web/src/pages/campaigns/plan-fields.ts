import dayjs, { type Dayjs } from 'dayjs';
import type { FieldComment } from '@lib/campaigns/campaign.view';
import { useI18n } from '../../i18n/i18n';
import type { CampaignObjective, ForecastInput, PlanInput, Revision, StepChannel } from './campaign-api';
import { campaignText as text, FIELD_LABELS } from './campaign-text';

/** The editor's sections, in the order of its steps. */
export const SECTIONS = ['basics', 'audience', 'offer', 'channels', 'budgetSection', 'kpis', 'evaluation'] as const;
export type Section = (typeof SECTIONS)[number];

const SECTION_OF_FIELD: Record<string, Section> = {
  includeSegmentIds: 'audience',
  excludeSegmentIds: 'audience',
  bundleId: 'offer',
  attributionProductLines: 'offer',
  steps: 'channels',
  budget: 'budgetSection',
  kpiTargets: 'kpis',
  evaluationFormRef: 'evaluation',
  evaluationCheckpoints: 'evaluation',
  evaluationDueDays: 'evaluation',
};

/** Lists of ids or codes: a problem with one element ('branchIds[1]') belongs to the whole picker. */
const ID_LISTS = new Set(['branchIds', 'includeSegmentIds', 'excludeSegmentIds', 'daysOfWeek', 'attributionProductLines', 'evaluationCheckpoints']);

/** 'steps[0].templateRef' or 'steps.0.templateRef' → ['steps', 0, 'templateRef'], the form's name path of an API field. */
export function formPath(field: string): (string | number)[] {
  const parts = field
    .split(/[.[\]]+/)
    .filter(Boolean)
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  const last = parts[parts.length - 1];
  if (typeof last === 'number' && ID_LISTS.has(String(parts[parts.length - 2]))) parts.pop();
  return parts;
}

export const sectionOf = (field: string): Section => SECTION_OF_FIELD[String(formPath(field)[0])] ?? 'basics';

/** A field's name for people: 'steps[1].templateRef' → 'Step 2 · Template reference'. */
export function useFieldLabel(): (field: string) => string {
  const { pick } = useI18n();
  return (field) => {
    const path = formPath(field);
    const words: string[] = [];
    for (let i = 0; i < path.length; i++) {
      const part = path[i];
      if (path[i - 1] === 'steps' && typeof part === 'number') words.push(pick(text.step, { n: part + 1 }));
      else if (typeof part === 'string' && !(part === 'steps' && typeof path[i + 1] === 'number')) words.push(FIELD_LABELS[part] ? pick(FIELD_LABELS[part]) : part);
    }
    return words.join(' · ');
  };
}

export interface StepForm {
  id?: number;
  channel: StepChannel;
  templateRef?: string | null;
  startOffsetDays?: number | null;
  startDate?: Dayjs | null;
  daysOfWeek: number[];
  windowStart?: string | null;
  windowEnd?: string | null;
  costPerContact?: string | null;
  dailyCapacity?: number | null;
  branchIds: number[];
}

export interface PlanForm {
  name: string;
  objective: CampaignObjective;
  description?: string;
  startDate?: Dayjs | null;
  endDate?: Dayjs | null;
  branchIds: number[];
  priority: number;
  controlSharePct: number;
  attributionWindowDays: number;
  attributionProductLines: Revision['attributionProductLines'];
  includeSegmentIds: number[];
  excludeSegmentIds: number[];
  bundleId?: number | null;
  budget?: string | null;
  kpiTargets: { contacts?: number | null; responseRatePct?: number | null; conversions?: number | null; premium?: string | null };
  evaluationFormRef?: string | null;
  evaluationCheckpoints?: Dayjs[];
  evaluationDueDays?: number | null;
  steps: StepForm[];
}

export const newStep = (): StepForm => ({ channel: 'email', startOffsetDays: 0, daysOfWeek: [1, 2, 3, 4, 5], costPerContact: '0', branchIds: [] });

export const newPlanForm = (): Partial<PlanForm> => ({
  objective: 'cross_sell',
  branchIds: [],
  priority: 0,
  controlSharePct: 10,
  attributionWindowDays: 30,
  attributionProductLines: [],
  includeSegmentIds: [],
  excludeSegmentIds: [],
  kpiTargets: {},
  steps: [newStep()],
});

const day = (value: string | null) => (value ? dayjs(value) : null);
const optionalText = (value: string | null | undefined) => (value?.trim() ? value.trim() : null);
const dateText = (value: Dayjs | null | undefined) => (value ? value.format('YYYY-MM-DD') : null);
/** InputNumber in string mode gives '' for a cleared field. */
const yuanText = (value: string | number | null | undefined) => (value === null || value === undefined || value === '' ? null : String(value));

export function toForm(revision: Revision): PlanForm {
  return {
    name: revision.name,
    objective: revision.objective,
    description: revision.description,
    startDate: day(revision.startDate),
    endDate: day(revision.endDate),
    branchIds: revision.branchIds,
    priority: revision.priority,
    controlSharePct: revision.controlSharePct,
    attributionWindowDays: revision.attributionWindowDays,
    attributionProductLines: revision.attributionProductLines,
    includeSegmentIds: revision.includeSegmentIds,
    excludeSegmentIds: revision.excludeSegmentIds,
    bundleId: revision.bundleId,
    budget: revision.budget,
    kpiTargets: revision.kpiTargets,
    evaluationFormRef: revision.evaluationFormRef,
    evaluationCheckpoints: revision.evaluationCheckpoints.map((value) => dayjs(value)),
    evaluationDueDays: revision.evaluationDueDays,
    steps: revision.steps.map((s) => ({
      id: s.id,
      channel: s.channel,
      templateRef: s.templateRef,
      startOffsetDays: s.startOffsetDays,
      startDate: day(s.startDate),
      daysOfWeek: s.daysOfWeek,
      windowStart: s.windowStart,
      windowEnd: s.windowEnd,
      costPerContact: s.costPerContact,
      dailyCapacity: s.dailyCapacity,
      branchIds: s.branchIds,
    })),
  };
}

/** The whole plan as the API takes it; empty fields are sent as null so that clearing a field clears it. */
export function toBody(values: PlanForm): PlanInput & { name: string; objective: CampaignObjective } {
  return {
    name: values.name?.trim(),
    objective: values.objective,
    description: values.description ?? '',
    startDate: dateText(values.startDate),
    endDate: dateText(values.endDate),
    branchIds: values.branchIds ?? [],
    priority: values.priority ?? 0,
    controlSharePct: values.controlSharePct ?? 0,
    attributionWindowDays: values.attributionWindowDays ?? 30,
    attributionProductLines: values.attributionProductLines ?? [],
    includeSegmentIds: values.includeSegmentIds ?? [],
    excludeSegmentIds: values.excludeSegmentIds ?? [],
    bundleId: values.bundleId ?? null,
    budget: yuanText(values.budget),
    kpiTargets: {
      contacts: values.kpiTargets?.contacts ?? null,
      responseRatePct: values.kpiTargets?.responseRatePct ?? null,
      conversions: values.kpiTargets?.conversions ?? null,
      premium: yuanText(values.kpiTargets?.premium),
    },
    evaluationFormRef: optionalText(values.evaluationFormRef),
    evaluationCheckpoints: (values.evaluationCheckpoints ?? []).map((value) => value.format('YYYY-MM-DD')),
    evaluationDueDays: values.evaluationDueDays ?? null,
    steps: (values.steps ?? []).map((s) => ({
      ...(s.id ? { id: s.id } : {}),
      channel: s.channel,
      templateRef: optionalText(s.templateRef),
      startOffsetDays: s.startDate ? null : (s.startOffsetDays ?? null),
      startDate: dateText(s.startDate),
      daysOfWeek: s.daysOfWeek ?? [],
      windowStart: optionalText(s.windowStart),
      windowEnd: optionalText(s.windowEnd),
      costPerContact: yuanText(s.costPerContact) ?? '0',
      dailyCapacity: s.dailyCapacity ?? null,
      branchIds: s.branchIds ?? [],
    })),
  };
}

/** The plan as the forecast takes it, once it has what a forecast needs (dates, branches, an include segment). */
export function toForecastInput(values: Partial<PlanForm> | undefined, campaignId: number | undefined): ForecastInput | undefined {
  if (!values?.startDate || !values.endDate || !values.objective || !values.includeSegmentIds?.length || !values.branchIds?.length) return undefined;
  const body = toBody(values as PlanForm);
  return {
    objective: body.objective,
    startDate: body.startDate!,
    endDate: body.endDate!,
    includeSegmentIds: body.includeSegmentIds!,
    excludeSegmentIds: body.excludeSegmentIds,
    branchIds: body.branchIds!,
    bundleId: body.bundleId,
    // The forecast holds out whole percents within what submit allows.
    controlSharePct: Math.min(50, Math.max(0, Math.round(body.controlSharePct ?? 0))),
    priority: body.priority,
    campaignId: campaignId ?? null,
    budget: body.budget,
    steps: (body.steps ?? []).map((s) => ({
      channel: s.channel,
      startOffsetDays: s.startOffsetDays,
      startDate: s.startDate,
      daysOfWeek: s.daysOfWeek,
      costPerContact: s.costPerContact ?? '0',
      dailyCapacity: s.dailyCapacity,
      branchIds: s.branchIds,
    })),
  };
}

/** The reviewer's comments of the latest return of this revision, with their field comments. */
export function latestReturn(revision: Revision | null | undefined): { comment: string; fieldComments: FieldComment[]; by: string } | undefined {
  const returned = [...(revision?.approvals ?? [])].reverse().find((a) => a.decision === 'returned');
  return returned ? { comment: returned.comment, fieldComments: returned.fieldComments, by: returned.decidedByName } : undefined;
}
