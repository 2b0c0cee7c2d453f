import type { CampaignStepView, PlanView } from './campaign.view';
import { comparePlans } from './revision-comparison';

const step = (position: number, changes: Partial<CampaignStepView> = {}): CampaignStepView => ({
  id: position, position, channel: 'email', templateRef: 'tpl', startOffsetDays: 0, startDate: null, daysOfWeek: [1, 2, 3, 4, 5],
  windowStart: null, windowEnd: null, costPerContact: '0.50', dailyCapacity: 1000, branchIds: [], ...changes,
});

const plan = (changes: Partial<PlanView> = {}): PlanView => ({
  name: '车险客户交叉销售家财险', objective: 'cross_sell', description: '', startDate: '2027-03-01', endDate: '2027-03-31',
  includeSegmentIds: [1], excludeSegmentIds: [], bundleId: null, controlSharePct: 10, priority: 0,
  kpiTargets: { contacts: 1000, responseRatePct: 5, conversions: 50, premium: '100000.00' }, attributionWindowDays: 30, attributionProductLines: [],
  evaluationFormRef: null, evaluationCheckpoints: [], evaluationDueDays: null, budget: '50000.00', branchIds: [3], steps: [step(1)], ...changes,
});

describe(comparePlans.name, () => {
  it('finds no difference between equal plans, whatever the step ids', () => {
    expect(comparePlans(plan(), plan({ steps: [step(1, { id: 99 })] }))).toEqual({ fields: [], steps: [] });
  });

  it('lists changed fields with before and after, KPI targets one by one', () => {
    const changed = plan({ budget: '80000.00', branchIds: [3, 4], kpiTargets: { contacts: 1000, responseRatePct: 6, conversions: 50, premium: '100000.00' } });
    expect(comparePlans(plan(), changed).fields).toEqual([
      { field: 'kpiTargets.responseRatePct', before: 5, after: 6 },
      { field: 'budget', before: '50000.00', after: '80000.00' },
      { field: 'branchIds', before: [3], after: [3, 4] },
    ]);
  });

  it('matches steps by position: changed, added and removed', () => {
    const before = plan({ steps: [step(1), step(2, { channel: 'phone' })] });
    const after = plan({ steps: [step(1, { costPerContact: '0.80' }), step(3)] });
    const { steps } = comparePlans(before, after);
    expect(steps.map((s) => [s.position, s.change])).toEqual([[1, 'changed'], [2, 'removed'], [3, 'added']]);
    expect(steps[0].fields).toEqual([{ field: 'costPerContact', before: '0.50', after: '0.80' }]);
  });

  it('shows the first revision against nothing', () => {
    const { fields, steps } = comparePlans(null, plan());
    expect(fields.find((f) => f.field === 'name')).toEqual({ field: 'name', before: null, after: '车险客户交叉销售家财险' });
    expect(steps).toEqual([expect.objectContaining({ position: 1, change: 'added' })]);
  });
});
