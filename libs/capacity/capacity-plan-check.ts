import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CampaignPlanCheck, StepChannel, SubmittedPlan } from '@lib/campaigns/campaign-commitment';
import { stepDays } from '@lib/campaigns/step-days';
import type { FieldProblem } from '@lib/common';
import { dayCapacities } from './capacity-days';

/** Days a problem names at most, so that a month-long shortfall stays readable. */
const DAYS_NAMED = 5;

/**
 * At submit, whether the channels can take what each step plans per branch and day,
 * besides what other campaigns have booked (this campaign's own bookings, from an
 * approved revision it replaces, do not count against it). Steps of one channel in one
 * branch share that channel's capacity there.
 */
@Injectable()
export class CapacityPlanCheck implements CampaignPlanCheck {
  readonly name = 'capacity';

  async problems(manager: EntityManager, { campaignId, plan }: SubmittedPlan): Promise<FieldProblem[]> {
    const { startDate, endDate } = plan;
    if (!startDate || !endDate || endDate < startDate) return [];
    // Per channel and branch: what each day needs, and the first step that asks for it.
    const wanted = new Map<string, { channel: StepChannel; branchId: number; step: number; days: Map<string, number> }>();
    plan.steps.forEach((step, index) => {
      if (!step.dailyCapacity) return;
      for (const branchId of step.branchIds.length ? step.branchIds : plan.branchIds) {
        const key = `${step.channel}:${branchId}`;
        const entry = wanted.get(key) ?? { channel: step.channel, branchId, step: index, days: new Map() };
        for (const day of stepDays(startDate, endDate, step)) entry.days.set(day, (entry.days.get(day) ?? 0) + step.dailyCapacity);
        wanted.set(key, entry);
      }
    });
    const problems: FieldProblem[] = [];
    for (const entry of wanted.values()) {
      const days = await dayCapacities(manager, entry.channel, entry.branchId, [...entry.days.keys()].sort(), campaignId);
      const short = days.filter((day) => day.left !== null && (entry.days.get(day.day) ?? 0) > day.left);
      if (short.length === 0) continue;
      const [unit] = await manager.query('SELECT name, name_en FROM org_units WHERE id = $1', [entry.branchId]);
      problems.push({
        field: `steps.${entry.step}.dailyCapacity`,
        code: 'capacity_short_on_days',
        params: {
          branch: { zh: unit?.name ?? String(entry.branchId), en: unit?.name_en ?? unit?.name ?? String(entry.branchId) },
          count: short.length,
          days: short.slice(0, DAYS_NAMED).map((day) => day.day),
          left: Math.max(0, Math.min(...short.map((day) => day.left as number))),
        },
      });
    }
    return problems;
  }
}
