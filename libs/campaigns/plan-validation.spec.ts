import { planProblems, PlanToCheck, StepToCheck } from './plan-validation';

const step = (changes: Partial<StepToCheck> = {}): StepToCheck => ({
  templateRef: 'email-motor-home', startOffsetDays: 0, startDate: null, daysOfWeek: [1, 2, 3, 4, 5],
  windowStart: '09:00', windowEnd: '18:00', dailyCapacity: 500, branchIds: [], ...changes,
});

const plan = (changes: Partial<PlanToCheck> = {}): PlanToCheck => ({
  startDate: '2027-03-01', endDate: '2027-03-31', includeSegmentIds: [1], excludeSegmentIds: [2], bundleId: 7,
  controlSharePct: 10, budgetFen: 5_000_000, branchIds: [11, 12], evaluationCheckpoints: [], steps: [step()], ...changes,
});

const refs = { segmentIds: new Set([1, 2]), bundleIds: new Set([7]), ownerSubtreeUnitIds: new Set([10, 11, 12]) };

describe(planProblems.name, () => {
  it('names each evaluation checkpoint outside the campaign\'s dates', () => {
    expect(planProblems(plan({ evaluationCheckpoints: ['2027-02-28', '2027-03-01', '2027-03-31', '2027-04-01'] }), refs)).toEqual([
      { field: 'evaluationCheckpoints[0]', code: 'campaign_checkpoint_outside_dates', params: { day: '2027-02-28' } },
      { field: 'evaluationCheckpoints[3]', code: 'campaign_checkpoint_outside_dates', params: { day: '2027-04-01' } },
    ]);
  });

  it('passes a complete, consistent plan', () => {
    expect(planProblems(plan(), refs)).toEqual([]);
  });

  it('lists every problem of an empty draft by field', () => {
    const problems = planProblems(
      { startDate: null, endDate: null, includeSegmentIds: [], excludeSegmentIds: [], bundleId: null, controlSharePct: 10, budgetFen: null, branchIds: [], evaluationCheckpoints: [], steps: [] },
      refs,
    );
    expect(problems.map((p) => p.field)).toEqual(['startDate', 'endDate', 'includeSegmentIds', 'budget', 'branchIds', 'steps']);
  });

  it('refuses an end before the start and a control share above 50%', () => {
    expect(planProblems(plan({ endDate: '2027-02-01', controlSharePct: 60 }), refs)).toEqual([
      { field: 'endDate', code: 'campaign_end_before_start', params: {} },
      { field: 'controlSharePct', code: 'campaign_control_share_range', params: { max: 50 } },
    ]);
  });

  it('names segments, bundles and branches the owner cannot use', () => {
    const problems = planProblems(plan({ includeSegmentIds: [1, 9], excludeSegmentIds: [1], bundleId: 8, branchIds: [11, 99] }), refs);
    expect(problems).toEqual([
      { field: 'includeSegmentIds[1]', code: 'campaign_segment_unknown', params: { id: 9 } },
      { field: 'excludeSegmentIds[0]', code: 'campaign_segment_included_and_excluded', params: { id: 1 } },
      { field: 'bundleId', code: 'campaign_bundle_unknown', params: { id: 8 } },
      { field: 'branchIds[1]', code: 'campaign_branch_outside_subtree', params: { id: 99 } },
    ]);
  });

  it('checks each step: template, capacity, window, branches and dates', () => {
    const problems = planProblems(plan({
      steps: [
        step({ templateRef: null, dailyCapacity: null, windowStart: '18:00', windowEnd: '09:00', branchIds: [10] }),
        step({ startOffsetDays: 40 }),
        step({ startOffsetDays: null, startDate: '2027-02-15' }),
      ],
    }), refs);
    expect(problems.map((p) => [p.field, p.code])).toEqual([
      ['steps[0].templateRef', 'required'],
      ['steps[0].dailyCapacity', 'below_min'],
      ['steps[0].windowEnd', 'campaign_window_end_before_start'],
      ['steps[0].branchIds[0]', 'campaign_branch_not_participating'],
      ['steps[1].startOffsetDays', 'campaign_step_outside_dates'],
      ['steps[2].startDate', 'campaign_step_outside_dates'],
    ]);
  });

  it('refuses a step whose days of the week never fall within the remaining dates', () => {
    // From Sunday 2027-03-28 to Tuesday the 30th there is no Friday.
    const problems = planProblems(plan({ endDate: '2027-03-30', steps: [step({ startOffsetDays: 27, daysOfWeek: [5] })] }), refs);
    expect(problems).toEqual([{ field: 'steps[0].daysOfWeek', code: 'campaign_step_no_days', params: {} }]);
  });
});
