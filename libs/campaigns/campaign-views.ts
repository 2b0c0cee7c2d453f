import { formatYuan } from '@lib/common/money';
import type { CampaignRevision } from './campaign-revision.entity';
import type { CampaignStep } from './campaign-step.entity';
import type { CampaignStepView, PlanView } from './campaign.view';

/** 'HH:MM:SS' from PostgreSQL's time as the API's 'HH:MM'. */
function hhmm(time: string | null): string | null {
  return time === null ? null : time.slice(0, 5);
}

export function toStepView(step: CampaignStep): CampaignStepView {
  return {
    id: step.id,
    position: step.position,
    channel: step.channel,
    templateRef: step.templateRef,
    startOffsetDays: step.startOffsetDays,
    startDate: step.startDate,
    daysOfWeek: step.daysOfWeek,
    windowStart: hhmm(step.windowStart),
    windowEnd: hhmm(step.windowEnd),
    costPerContact: formatYuan(step.costPerContactFen),
    dailyCapacity: step.dailyCapacity,
    branchIds: step.branchIds,
  };
}

export function toPlanView(revision: CampaignRevision, steps: CampaignStep[]): PlanView {
  return {
    name: revision.name,
    objective: revision.objective,
    description: revision.description,
    startDate: revision.startDate,
    endDate: revision.endDate,
    includeSegmentIds: revision.includeSegmentIds,
    excludeSegmentIds: revision.excludeSegmentIds,
    bundleId: revision.bundleId,
    controlSharePct: revision.controlSharePct,
    priority: revision.priority,
    kpiTargets: {
      contacts: revision.targetContacts,
      responseRatePct: revision.targetResponseRatePct,
      conversions: revision.targetConversions,
      premium: revision.targetPremiumFen === null ? null : formatYuan(revision.targetPremiumFen),
    },
    attributionWindowDays: revision.attributionWindowDays,
    attributionProductLines: revision.attributionProductLines,
    evaluationFormRef: revision.evaluationFormRef,
    evaluationCheckpoints: revision.evaluationCheckpoints,
    evaluationDueDays: revision.evaluationDueDays,
    budget: revision.budgetFen === null ? null : formatYuan(revision.budgetFen),
    branchIds: revision.branchIds,
    steps: [...steps].sort((a, b) => a.position - b.position).map(toStepView),
  };
}
