import type { CampaignStepView, FieldDifference, PlanView, StepDifference } from './campaign.view';

const PLAN_FIELDS = [
  'name', 'objective', 'description', 'startDate', 'endDate', 'includeSegmentIds', 'excludeSegmentIds', 'bundleId', 'controlSharePct',
  'priority', 'kpiTargets', 'attributionWindowDays', 'attributionProductLines', 'evaluationFormRef', 'evaluationCheckpoints',
  'evaluationDueDays', 'budget', 'branchIds',
] as const satisfies readonly (keyof PlanView)[];

const STEP_FIELDS = [
  'channel', 'templateRef', 'startOffsetDays', 'startDate', 'daysOfWeek', 'windowStart', 'windowEnd', 'costPerContact', 'dailyCapacity', 'branchIds',
] as const satisfies readonly (keyof CampaignStepView)[];

/** Field-by-field differences between two plans; steps are matched by their position. */
export function comparePlans(before: PlanView | null, after: PlanView): { fields: FieldDifference[]; steps: StepDifference[] } {
  const fields: FieldDifference[] = [];
  for (const field of PLAN_FIELDS) {
    if (field === 'kpiTargets') {
      for (const kpi of Object.keys(after.kpiTargets) as (keyof PlanView['kpiTargets'])[]) {
        pushIfDifferent(fields, `kpiTargets.${kpi}`, before?.kpiTargets[kpi] ?? null, after.kpiTargets[kpi]);
      }
    } else {
      pushIfDifferent(fields, field, before ? before[field] : null, after[field]);
    }
  }
  return { fields, steps: compareSteps(before?.steps ?? [], after.steps) };
}

function compareSteps(before: CampaignStepView[], after: CampaignStepView[]): StepDifference[] {
  const positions = [...new Set([...before, ...after].map((step) => step.position))].sort((a, b) => a - b);
  const differences: StepDifference[] = [];
  for (const position of positions) {
    const old = before.find((step) => step.position === position);
    const now = after.find((step) => step.position === position);
    const fields: FieldDifference[] = [];
    for (const field of STEP_FIELDS) pushIfDifferent(fields, field, old ? old[field] : null, now ? now[field] : null);
    if (!old) differences.push({ position, change: 'added', fields });
    else if (!now) differences.push({ position, change: 'removed', fields });
    else if (fields.length > 0) differences.push({ position, change: 'changed', fields });
  }
  return differences;
}

function pushIfDifferent(into: FieldDifference[], field: string, before: unknown, after: unknown): void {
  if (JSON.stringify(before ?? null) !== JSON.stringify(after ?? null)) into.push({ field, before: before ?? null, after: after ?? null });
}
