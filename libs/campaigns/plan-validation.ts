import type { FieldProblem } from '@lib/common/domain-error';
import type { ErrorCode, ErrorParams } from '@lib/common/error-messages';
import type { Fen } from '@lib/common/money';
import { stepStart } from './plan-dates';
import { stepDays } from './step-days';

/** The largest control group a plan may hold out, in percent of the audience. */
export const MAX_CONTROL_SHARE_PCT = 50;

export interface PlanToCheck {
  startDate: string | null;
  endDate: string | null;
  includeSegmentIds: number[];
  excludeSegmentIds: number[];
  bundleId: number | null;
  controlSharePct: number;
  budgetFen: Fen | null;
  branchIds: number[];
  evaluationCheckpoints: string[];
  steps: StepToCheck[];
}

export interface StepToCheck {
  templateRef: string | null;
  startOffsetDays: number | null;
  startDate: string | null;
  daysOfWeek: number[];
  windowStart: string | null;
  windowEnd: string | null;
  dailyCapacity: number | null;
  branchIds: number[];
}

/** What the plan refers to that exists and the owner may use. */
export interface PlanReferences {
  /** Segments the owner can see. */
  segmentIds: ReadonlySet<number>;
  bundleIds: ReadonlySet<number>;
  /** Org units in the owner's subtree. */
  ownerSubtreeUnitIds: ReadonlySet<number>;
}

/**
 * Every problem that keeps a plan from being submitted, by field, so the planner
 * fixes them all at once. Budget against the forecast and channel capacity are
 * checked by the budgets and capacity commitments at approval.
 */
export function planProblems(plan: PlanToCheck, refs: PlanReferences): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (field: string, code: ErrorCode, params: ErrorParams = {}) => problems.push({ field, code, params });

  if (!plan.startDate) add('startDate', 'required');
  if (!plan.endDate) add('endDate', 'required');
  const period = plan.startDate && plan.endDate ? { startDate: plan.startDate, endDate: plan.endDate } : null;
  if (period && period.endDate < period.startDate) add('endDate', 'campaign_end_before_start');

  if (plan.controlSharePct < 0 || plan.controlSharePct > MAX_CONTROL_SHARE_PCT) {
    add('controlSharePct', 'campaign_control_share_range', { max: MAX_CONTROL_SHARE_PCT });
  }
  if (plan.includeSegmentIds.length === 0) add('includeSegmentIds', 'campaign_needs_segment');
  plan.includeSegmentIds.forEach((id, i) => {
    if (!refs.segmentIds.has(id)) add(`includeSegmentIds[${i}]`, 'campaign_segment_unknown', { id });
  });
  plan.excludeSegmentIds.forEach((id, i) => {
    if (!refs.segmentIds.has(id)) add(`excludeSegmentIds[${i}]`, 'campaign_segment_unknown', { id });
    else if (plan.includeSegmentIds.includes(id)) add(`excludeSegmentIds[${i}]`, 'campaign_segment_included_and_excluded', { id });
  });
  if (plan.bundleId !== null && !refs.bundleIds.has(plan.bundleId)) add('bundleId', 'campaign_bundle_unknown', { id: plan.bundleId });
  if (plan.budgetFen === null) add('budget', 'required');
  plan.evaluationCheckpoints.forEach((day, i) => {
    if (period && (day < period.startDate || day > period.endDate)) add(`evaluationCheckpoints[${i}]`, 'campaign_checkpoint_outside_dates', { day });
  });

  if (plan.branchIds.length === 0) add('branchIds', 'campaign_needs_branch');
  plan.branchIds.forEach((id, i) => {
    if (!refs.ownerSubtreeUnitIds.has(id)) add(`branchIds[${i}]`, 'campaign_branch_outside_subtree', { id });
  });

  if (plan.steps.length === 0) add('steps', 'campaign_needs_step');
  plan.steps.forEach((step, i) => {
    const at = (field: string) => `steps[${i}].${field}`;
    if (!step.templateRef) add(at('templateRef'), 'required');
    if (step.dailyCapacity === null || step.dailyCapacity < 1) add(at('dailyCapacity'), 'below_min', { min: 1 });
    if (step.windowStart && step.windowEnd && step.windowEnd <= step.windowStart) add(at('windowEnd'), 'campaign_window_end_before_start');
    step.branchIds.forEach((id, j) => {
      if (!plan.branchIds.includes(id)) add(at(`branchIds[${j}]`), 'campaign_branch_not_participating', { id });
    });
    if (!period || period.endDate < period.startDate) return;
    const start = stepStart(period.startDate, step);
    const startField = step.startDate !== null ? 'startDate' : 'startOffsetDays';
    if (start < period.startDate || start > period.endDate) add(at(startField), 'campaign_step_outside_dates', { start });
    else if (stepDays(period.startDate, period.endDate, step).length === 0) add(at('daysOfWeek'), 'campaign_step_no_days');
  });
  return problems;
}
