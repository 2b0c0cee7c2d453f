import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { BudgetPoolService } from '@lib/budgets';
import { ApprovedPlan, CampaignCommitments, CampaignMoves } from '@lib/campaigns';
import { ConflictError } from '@lib/common';
import { CampaignLaunchService } from '@lib/dispatch';
import { createCustomer, createFixtureOrg, createPolicy, createProducts, createUser, FixtureOrg, resetState, scopeOf } from './support/fixtures';
import { call, loginNewUser, startApi } from './support/test-app';

const motorHolders = { type: 'condition', field: 'holds_line', operator: 'has', value: 'motor_commercial' };

/** Records what the approval transaction commits and releases, as budgets and capacity do; can be told to refuse. */
class RecordingCommitment {
  readonly name = 'test-recorder';
  committed: ApprovedPlan[] = [];
  released: number[] = [];
  refuse = false;

  async commit(_manager: unknown, plan: ApprovedPlan): Promise<void> {
    if (this.refuse) throw new ConflictError('No capacity left', 'conflict');
    this.committed.push(plan);
  }

  async release(_manager: unknown, campaignId: number): Promise<void> {
    this.released.push(campaignId);
  }
}

describe(CampaignMoves.name, () => {
  let app: NestFastifyApplication;
  let db: DataSource;
  let org: FixtureOrg;
  let planner: string;
  let cityPlanner: string;
  let cityReviewer: string;
  let provinceReviewer: string;
  let hqReviewer: string;
  let executorA1: string;
  let executorB1: string;
  let segmentId: number;
  const recorder = new RecordingCommitment();

  const completePlan = () => ({
    startDate: '2027-03-01',
    endDate: '2027-03-31',
    includeSegmentIds: [segmentId],
    controlSharePct: 10,
    budget: '80000.00',
    branchIds: [org.countyA1, org.countyA2],
    kpiTargets: { contacts: 2000, responseRatePct: 5.5, conversions: 100, premium: '300000.00' },
    steps: [
      { channel: 'email', templateRef: 'cross_sell', startOffsetDays: 0, daysOfWeek: [1, 2, 3, 4, 5], costPerContact: '0.10', dailyCapacity: 1000 },
      { channel: 'phone', templateRef: 'cross_sell', startOffsetDays: 7, windowStart: '09:00', windowEnd: '18:00', costPerContact: '8.50', dailyCapacity: 200, branchIds: [org.countyA1] },
    ],
  });

  async function newDraft(token: string, body: Record<string, unknown> = {}): Promise<number> {
    const answer = await call(app, 'POST', '/api/campaigns', { token, body: { name: '车险客户交叉销售家财险', objective: 'cross_sell', ...body } });
    expect(answer.status).toBe(201);
    return answer.body.id;
  }

  const move = (token: string, id: number, name: string, body: Record<string, unknown> = {}) =>
    call(app, 'POST', `/api/campaigns/${id}/moves/${name}`, { token, body });

  beforeAll(async () => {
    app = await startApi();
    app.get(CampaignCommitments).register(recorder);
    db = await resetState(app);
    org = await createFixtureOrg(db);
    await createProducts(db);
    for (const unit of [org.countyA1, org.countyA1, org.countyA2, org.countyB1]) await createPolicy(db, await createCustomer(db, unit), 'SYX');
    planner = await loginNewUser(app, 'cm.province', org.province, ['campaign_manager']);
    cityPlanner = await loginNewUser(app, 'cm.nanjing', org.cityA, ['campaign_manager']);
    cityReviewer = await loginNewUser(app, 'rv.nanjing', org.cityA, ['reviewer']);
    provinceReviewer = await loginNewUser(app, 'rv.province', org.province, ['reviewer']);
    hqReviewer = await loginNewUser(app, 'rv.hq', org.hq, ['reviewer']);
    executorA1 = await loginNewUser(app, 'exec.jiangning', org.countyA1, ['branch_executor']);
    executorB1 = await loginNewUser(app, 'exec.kunshan', org.countyB1, ['branch_executor']);
    const segmentManager = await loginNewUser(app, 'sm.province', org.province, ['segment_manager']);
    segmentId = (await call(app, 'POST', '/api/segments', { token: segmentManager, body: { name: '商业车险客户', kind: 'dynamic', rule: motorHolders } })).body.id;
    // Approvals reserve the budget from the province's pool of the campaign's year.
    const fundAdmin = await createUser(db, 'budget.admin', org.province, ['admin']);
    await app.get(BudgetPoolService).create(await scopeOf(db, org.province), fundAdmin, { fiscalYear: 2027, orgUnitId: org.province, amount: '10000000.00' });
  });

  afterAll(async () => {
    await app.close();
  });

  it('creates a draft with two steps owned by the planner and its unit, amounts in yuan strings', async () => {
    const id = await newDraft(cityPlanner, completePlan());
    const answer = await call(app, 'GET', `/api/campaigns/${id}`, { token: cityPlanner });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      status: 'draft', owningOrgUnitId: org.cityA, ownerName: 'cm.nanjing', budget: '80000.00', approved: null,
      open: {
        number: 1, status: 'draft', controlSharePct: 10, attributionWindowDays: 30, requiredApprovalLevels: [3, 2],
        kpiTargets: { contacts: 2000, responseRatePct: 5.5, conversions: 100, premium: '300000.00' },
      },
    });
    expect(answer.body.code).toMatch(/^CMP-\d{5}$/);
    expect(answer.body.open.steps.map((s: any) => [s.position, s.channel, s.costPerContact, s.windowStart])).toEqual([
      [1, 'email', '0.10', null],
      [2, 'phone', '8.50', '09:00'],
    ]);
  });

  it('refuses an incomplete plan on submit, listing every problem by field', async () => {
    const id = await newDraft(cityPlanner, {
      startDate: '2027-03-31', endDate: '2027-03-01', controlSharePct: 60, branchIds: [org.countyB1],
      steps: [{ channel: 'email' }],
    });
    const answer = await call(app, 'POST', `/api/campaigns/${id}/moves/submit`, { token: cityPlanner, body: {}, headers: { 'accept-language': 'en' } });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('campaign_plan_incomplete');
    expect(answer.body.details.map((d: any) => d.field)).toEqual([
      'endDate', 'controlSharePct', 'includeSegmentIds', 'budget', 'branchIds[0]', 'steps[0].templateRef', 'steps[0].dailyCapacity',
    ]);
    expect(answer.body.details[4]).toMatchObject({ code: 'campaign_branch_outside_subtree', problem: `org unit ${org.countyB1} is not in the owner's subtree` });
    expect((await call(app, 'GET', `/api/campaigns/${id}`, { token: cityPlanner })).body.status).toBe('draft');
  });

  it('answers bad input with 400 naming the field, never 500', async () => {
    const bad = await call(app, 'POST', '/api/campaigns', {
      token: cityPlanner,
      body: { name: 'x', objective: 'acquisition', budget: '12.345', startDate: '2027-02-30', steps: [{ channel: 'fax', windowStart: '25:00' }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: any) => d.field).sort()).toEqual(
      ['budget', 'objective', 'startDate', 'steps.0.channel', 'steps.0.windowStart'].sort(),
    );
    const draft = await newDraft(cityPlanner);
    const nulls = await call(app, 'PATCH', `/api/campaigns/${draft}`, { token: cityPlanner, body: { name: null, steps: null, branchIds: null, controlSharePct: null } });
    expect(nulls.status).toBe(400);
    expect([...new Set(nulls.body.details.map((d: any) => d.field))].sort()).toEqual(['branchIds', 'controlSharePct', 'name', 'steps']);
    const cleared = await call(app, 'PATCH', `/api/campaigns/${draft}`, { token: cityPlanner, body: { startDate: null, budget: null, bundleId: null } });
    expect(cleared.status).toBe(200);
    const unknownStep = await call(app, 'PATCH', `/api/campaigns/${draft}`, { token: cityPlanner, body: { steps: [{ id: 999999, channel: 'web' }] } });
    expect(unknownStep.status).toBe(400);
    expect(unknownStep.body.details).toEqual([expect.objectContaining({ field: 'steps[0].id', code: 'campaign_unknown_step' })]);
    expect((await call(app, 'POST', '/api/campaigns/abc/moves/submit', { token: cityPlanner, body: {} })).status).toBe(400);
    expect((await call(app, 'POST', '/api/campaigns/1/moves/launch', { token: cityPlanner, body: {} })).status).toBe(400);
  });

  it('routes approval by amount: returned with comments on a field, fixed, then approved by the city and the province in turn', async () => {
    const id = await newDraft(cityPlanner, completePlan());
    expect((await move(cityPlanner, id, 'submit')).body).toMatchObject({ status: 'submitted', open: { status: 'submitted', reviewRound: 1 } });
    expect((await call(app, 'PATCH', `/api/campaigns/${id}`, { token: cityPlanner, body: { name: 'late change' } })).status).toBe(409);

    const returned = await move(cityReviewer, id, 'return', { comment: '预算偏高', fieldComments: [{ field: 'budget', comment: '请降到 60000 以下' }] });
    expect(returned.status).toBe(200);
    expect(returned.body).toMatchObject({ status: 'returned', open: { status: 'returned' } });
    expect(returned.body.open.approvals).toEqual([
      expect.objectContaining({ orgLevel: 3, decision: 'returned', decidedByName: 'rv.nanjing', comment: '预算偏高', fieldComments: [{ field: 'budget', comment: '请降到 60000 以下' }] }),
    ]);

    const fixed = await call(app, 'PATCH', `/api/campaigns/${id}`, { token: cityPlanner, body: { budget: '70000.00' } });
    expect(fixed.status).toBe(200);
    expect((await move(cityPlanner, id, 'submit')).body).toMatchObject({ status: 'submitted', open: { reviewRound: 2, requiredApprovalLevels: [3, 2] } });

    // The province's turn comes after the city's.
    const awaiting = (token: string) => call(app, 'GET', '/api/campaigns/awaiting-my-approval', { token }).then((a) => a.body.map((c: any) => c.id));
    expect(await awaiting(cityReviewer)).toContain(id);
    expect(await awaiting(provinceReviewer)).not.toContain(id);
    expect((await call(app, 'GET', '/api/campaigns/awaiting-my-approval', { token: cityPlanner })).status).toBe(403);
    const early = await move(provinceReviewer, id, 'approve');
    expect(early.status).toBe(403);
    expect(early.body.code).toBe('campaign_approval_level');
    const cityApproved = await move(cityReviewer, id, 'approve', { comment: '同意' });
    expect(cityApproved.body).toMatchObject({ status: 'submitted', approved: null });
    expect(await awaiting(cityReviewer)).not.toContain(id);
    const inbox = (await call(app, 'GET', '/api/campaigns/awaiting-my-approval', { token: provinceReviewer })).body;
    expect(inbox.find((c: any) => c.id === id)).toMatchObject({ reviewBudget: '70000.00', requiredApprovalLevels: [3, 2], givenApprovalLevels: [3] });
    expect(recorder.committed.filter((p) => p.campaignId === id)).toHaveLength(0);

    const approved = await move(provinceReviewer, id, 'approve');
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', open: null, approved: { number: 1, status: 'approved' } });
    const plan = recorder.committed.find((p) => p.campaignId === id)!;
    expect(plan).toMatchObject({ owningUnitId: org.cityA, budgetFen: 7_000_000, startDate: '2027-03-01', endDate: '2027-03-31', branchIds: [org.countyA1, org.countyA2] });
    expect(plan.steps[0]).toMatchObject({ channel: 'email', dailyCapacity: 1000, costPerContactFen: 10, branchIds: [org.countyA1, org.countyA2] });
    expect(plan.steps[0].days).toHaveLength(23);
    expect(plan.steps[1]).toMatchObject({ channel: 'phone', costPerContactFen: 850, branchIds: [org.countyA1] });
    expect(plan.steps[1].days[0]).toBe('2027-03-08');

    const timeline = await call(app, 'GET', `/api/campaigns/${id}/audit`, { token: executorA1 });
    expect(timeline.status).toBe(200);
    expect(timeline.body.map((e: any) => e.action)).toEqual(
      expect.arrayContaining(['created', 'submitted', 'returned', 'field_changed', 'approval_given', 'approved', 'budget_reserved']),
    );
    expect(timeline.body.find((e: any) => e.action === 'field_changed')).toMatchObject({ field: 'budget', before: '80000.00', after: '70000.00', actorName: 'cm.nanjing' });
  });

  it('tells the reviewers whose approval is next, the owner of each decision and the participating branches of the approval', async () => {
    const inboxOf = async (token: string, id: number) =>
      (await call(app, 'GET', '/api/notifications?pageSize=100', { token })).body.items
        .filter((n: any) => n.link === `/campaigns/${id}`)
        .map((n: any) => n.kind);
    const id = await newDraft(cityPlanner, completePlan());
    await move(cityPlanner, id, 'submit');
    expect(await inboxOf(cityReviewer, id)).toEqual(['campaign_submitted']);
    expect(await inboxOf(provinceReviewer, id)).toEqual([]);
    await move(cityReviewer, id, 'return', { comment: '请补充说明' });
    expect(await inboxOf(cityPlanner, id)).toEqual(['campaign_returned']);
    await move(cityPlanner, id, 'submit');
    await move(cityReviewer, id, 'approve');
    expect(await inboxOf(provinceReviewer, id)).toEqual(['campaign_submitted']);
    expect(await inboxOf(executorA1, id)).toEqual([]);
    await move(provinceReviewer, id, 'approve');
    expect(await inboxOf(cityPlanner, id)).toEqual(['campaign_approved', 'campaign_returned']);
    expect(await inboxOf(executorA1, id)).toEqual(['campaign_assigned']);
    expect(await inboxOf(executorB1, id)).toEqual([]);
    const [notice] = (await call(app, 'GET', '/api/notifications', { token: executorA1, headers: { 'accept-language': 'en' } })).body.items;
    expect(notice.title.zh).toContain('车险客户交叉销售家财险');
    expect(notice.body.en).toBe('It runs from 2027-03-01 to 2027-03-31: please prepare your part.');
  });

  it('needs the head office as well above the province limit', async () => {
    const id = await newDraft(planner, { ...completePlan(), budget: '600000.00' });
    await move(planner, id, 'submit');
    expect((await move(provinceReviewer, id, 'approve')).body).toMatchObject({ status: 'submitted', open: { requiredApprovalLevels: [2, 1] } });
    expect((await move(hqReviewer, id, 'approve')).body.status).toBe('approved');
  });

  it('rolls the whole approval back when a commitment refuses', async () => {
    const id = await newDraft(planner, completePlan());
    await move(planner, id, 'submit');
    recorder.refuse = true;
    try {
      const refused = await move(provinceReviewer, id, 'approve');
      expect(refused.status).toBe(409);
    } finally {
      recorder.refuse = false;
    }
    const after = await call(app, 'GET', `/api/campaigns/${id}`, { token: planner });
    expect(after.body).toMatchObject({ status: 'submitted', approved: null, open: { status: 'submitted', approvals: [] } });
  });

  it('approves once when two reviewers of the level approve at the same moment', async () => {
    const id = await newDraft(planner, { ...completePlan(), budget: '2000.00' });
    await move(planner, id, 'submit');
    const secondReviewer = await loginNewUser(app, 'rv.province2', org.province, ['reviewer']);
    const answers = await Promise.all([move(provinceReviewer, id, 'approve'), move(secondReviewer, id, 'approve')]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(answers.find((a) => a.status === 409)!.body.params.status).toBe('approved');
    expect(recorder.committed.filter((p) => p.campaignId === id)).toHaveLength(1);
    const [{ n }] = await db.query('SELECT count(*)::int AS n FROM campaign_approvals a JOIN campaign_revisions r ON r.id = a.revision_id WHERE r.campaign_id = $1', [id]);
    expect(n).toBe(1);
  });

  it('enforces the life cycle: a move from the wrong state is a 409 naming the current state', async () => {
    const id = await newDraft(planner, { ...completePlan(), budget: '1000.00' });
    await move(planner, id, 'submit');
    await move(provinceReviewer, id, 'approve');
    expect((await move(planner, id, 'schedule')).body.status).toBe('scheduled');
    // Running is the launch's work, never a move of its own.
    const bare = await move(planner, id, 'start');
    expect(bare.status).toBe(400);
    expect(bare.body.details).toEqual([expect.objectContaining({ field: 'move', code: 'not_one_of' })]);
    await app.get(CampaignLaunchService).launch(id);
    expect((await call(app, 'GET', `/api/campaigns/${id}`, { token: planner })).body.status).toBe('running');
    expect((await move(provinceReviewer, id, 'pause')).body.status).toBe('paused');
    const wrong = await move(planner, id, 'pause');
    expect(wrong.status).toBe(409);
    expect(wrong.body).toMatchObject({ code: 'campaign_wrong_state', params: { status: 'paused', move: 'pause' } });
    expect((await move(planner, id, 'resume')).body.status).toBe('running');
    expect((await move(planner, id, 'close')).status).toBe(403);
    expect((await move(planner, id, 'complete')).body.status).toBe('completed');
    expect((await move(planner, id, 'cancel')).status).toBe(409);
    expect((await move(provinceReviewer, id, 'close')).body.status).toBe('closed');
    expect(recorder.released).toContain(id);
  });

  it('revises an approved plan in a new revision while the approved one stays in force, and compares the two', async () => {
    const id = await newDraft(planner, { ...completePlan(), budget: '40000.00' });
    await move(planner, id, 'submit');
    await move(provinceReviewer, id, 'approve');
    await move(planner, id, 'schedule');
    await app.get(CampaignLaunchService).launch(id);
    const frozen = await call(app, 'PATCH', `/api/campaigns/${id}`, { token: planner, body: { budget: '45000.00' } });
    expect(frozen.status).toBe(409);
    expect(frozen.body.code).toBe('campaign_plan_frozen');

    const revised = await call(app, 'POST', `/api/campaigns/${id}/revisions`, { token: planner });
    expect(revised.body).toMatchObject({ status: 'running', approved: { number: 1 }, open: { number: 2, status: 'draft' } });
    expect((await call(app, 'POST', `/api/campaigns/${id}/revisions`, { token: planner })).status).toBe(409);
    const [email, phone] = revised.body.open.steps;
    await call(app, 'PATCH', `/api/campaigns/${id}`, {
      token: planner,
      body: { budget: '45000.00', steps: [{ ...stepBody(email), costPerContact: '0.20' }, stepBody(phone), { channel: 'web', templateRef: 'cross_sell', dailyCapacity: 5000 }] },
    });
    const comparison = await call(app, 'GET', `/api/campaigns/${id}/revisions/2/comparison`, { token: executorA1 });
    expect(comparison.status).toBe(200);
    expect(comparison.body).toEqual({
      campaignId: id, fromNumber: 1, toNumber: 2,
      fields: [{ field: 'budget', before: '40000.00', after: '45000.00' }],
      steps: [
        { position: 1, change: 'changed', fields: [{ field: 'costPerContact', before: '0.10', after: '0.20' }] },
        expect.objectContaining({ position: 3, change: 'added' }),
      ],
    });

    const trail = (await call(app, 'GET', `/api/campaigns/${id}/audit`, { token: planner })).body.filter((e: any) => e.revisionNumber === 2);
    expect(trail.map((e: any) => [e.action, e.field])).toEqual([
      ['revision_created', null], ['field_changed', 'budget'], ['step_changed', 'steps[1]'], ['step_added', 'steps[3]'],
    ]);
    expect(trail[2]).toMatchObject({ before: { costPerContact: '0.10' }, after: { costPerContact: '0.20' } });

    await move(planner, id, 'submit');
    const approved = await move(provinceReviewer, id, 'approve');
    expect(approved.body).toMatchObject({ status: 'running', approved: { number: 2, budget: '45000.00' }, open: null });
    expect(approved.body.revisions.map((r: any) => [r.number, r.status])).toEqual([[1, 'superseded'], [2, 'approved']]);
    const first = await call(app, 'GET', `/api/campaigns/${id}/revisions/1`, { token: executorA1 });
    expect(first.body).toMatchObject({ number: 1, status: 'superseded', budget: '40000.00', approvals: [expect.objectContaining({ decision: 'approved' })] });
    expect(first.body.steps).toHaveLength(2);
    expect((await call(app, 'GET', `/api/campaigns/${id}/revisions/3`, { token: executorA1 })).status).toBe(404);
    expect((await call(app, 'GET', `/api/campaigns/${id}/revisions/1`, { token: executorB1 })).status).toBe(404);
    expect(recorder.committed.filter((p) => p.campaignId === id).map((p) => p.budgetFen)).toEqual([4_000_000, 4_500_000]);
  });

  it('deletes a draft never submitted, and refuses to delete one that was', async () => {
    const fresh = await newDraft(cityPlanner, completePlan());
    expect((await call(app, 'DELETE', `/api/campaigns/${fresh}`, { token: executorA1 })).status).toBe(403);
    expect((await call(app, 'DELETE', `/api/campaigns/${fresh}`, { token: cityPlanner })).status).toBe(204);
    expect((await call(app, 'GET', `/api/campaigns/${fresh}`, { token: cityPlanner })).status).toBe(404);
    const reviewed = await newDraft(cityPlanner, completePlan());
    await move(cityPlanner, reviewed, 'submit');
    await move(cityReviewer, reviewed, 'return', { comment: '再想想' });
    const refused = await call(app, 'DELETE', `/api/campaigns/${reviewed}`, { token: cityPlanner });
    expect(refused.status).toBe(409);
    expect(refused.body.params.status).toBe('returned');
  });

  it('copies a campaign into a new draft of the copier', async () => {
    const source = await newDraft(planner, completePlan());
    const copy = await call(app, 'POST', `/api/campaigns/${source}/copy`, { token: cityPlanner });
    expect(copy.status).toBe(201);
    expect(copy.body).toMatchObject({ status: 'draft', ownerName: 'cm.nanjing', owningOrgUnitId: org.cityA, name: '车险客户交叉销售家财险 副本' });
    expect(copy.body.id).not.toBe(source);
    expect(copy.body.open.steps).toHaveLength(2);
  });

  it('hides another branch\'s campaign (404) and refuses roles without the right (403)', async () => {
    const id = await newDraft(cityPlanner, completePlan());
    // Kunshan (city B) takes no part in a Nanjing campaign for Jiangning and Pukou.
    expect((await call(app, 'GET', `/api/campaigns/${id}`, { token: executorB1 })).status).toBe(404);
    expect((await call(app, 'GET', `/api/campaigns/${id}/audit`, { token: executorB1 })).status).toBe(404);
    const suzhouPlanner = await loginNewUser(app, 'cm.suzhou', org.cityB, ['campaign_manager']);
    expect((await call(app, 'PATCH', `/api/campaigns/${id}`, { token: suzhouPlanner, body: { name: 'mine' } })).status).toBe(404);
    expect((await move(suzhouPlanner, id, 'cancel')).status).toBe(404);
    // A participating county reads it.
    expect((await call(app, 'GET', `/api/campaigns/${id}`, { token: executorA1 })).status).toBe(200);
    // Roles without the right.
    expect((await call(app, 'POST', '/api/campaigns', { token: executorA1, body: { name: 'x', objective: 'retention' } })).status).toBe(403);
    expect((await call(app, 'PATCH', `/api/campaigns/${id}`, { token: executorA1, body: { name: 'x' } })).status).toBe(403);
    expect((await move(executorA1, id, 'cancel')).status).toBe(403);
    // A campaign manager of the subtree who is not the owner gets past the role check, not the service's.
    const cityColleague = await loginNewUser(app, 'cm.nanjing.colleague', org.cityA, ['campaign_manager']);
    expect((await move(cityColleague, id, 'cancel')).body.code).toBe('campaign_not_owner_or_reviewer');
    expect((await move(cityColleague, id, 'submit')).body.code).toBe('campaign_not_owner');
    // Another campaign manager who can see it is not its owner.
    const otherNanjingPlanner = await loginNewUser(app, 'cm.nanjing2', org.cityA, ['campaign_manager']);
    const notOwner = await call(app, 'PATCH', `/api/campaigns/${id}`, { token: otherNanjingPlanner, body: { name: 'x' } });
    expect(notOwner.status).toBe(403);
    expect(notOwner.body.code).toBe('campaign_not_owner');
    // A reviewer below the owning unit may not approve a province campaign.
    const provinceCampaign = await newDraft(planner, { ...completePlan(), budget: '1000.00' });
    await move(planner, provinceCampaign, 'submit');
    const below = await move(cityReviewer, provinceCampaign, 'approve');
    expect(below.status).toBe(403);
    expect(below.body.code).toBe('campaign_not_reviewer');
  });

  it('sets the approval thresholds from the province only, and routes by them', async () => {
    expect((await call(app, 'GET', '/api/approval-thresholds', { token: executorA1 })).body).toMatchObject({ cityMax: '50000.00', provinceMax: '500000.00' });
    expect((await call(app, 'PUT', '/api/approval-thresholds', { token: cityReviewer, body: { cityMax: '1000.00', provinceMax: '2000.00' } })).status).toBe(403);
    expect((await call(app, 'PUT', '/api/approval-thresholds', { token: executorB1, body: { cityMax: '1000.00', provinceMax: '2000.00' } })).status).toBe(403);
    const inverted = await call(app, 'PUT', '/api/approval-thresholds', { token: provinceReviewer, body: { cityMax: '3000.00', provinceMax: '2000.00' } });
    expect(inverted.status).toBe(400);
    expect(inverted.body.details[0].field).toBe('cityMax');
    const set = await call(app, 'PUT', '/api/approval-thresholds', { token: provinceReviewer, body: { cityMax: '20000.00', provinceMax: '60000.00' } });
    expect(set.body).toMatchObject({ cityMax: '20000.00', provinceMax: '60000.00', updatedByName: 'rv.province' });
    const id = await newDraft(cityPlanner, completePlan());
    expect((await call(app, 'GET', `/api/campaigns/${id}`, { token: cityPlanner })).body.open.requiredApprovalLevels).toEqual([3, 2, 1]);
    await call(app, 'PUT', '/api/approval-thresholds', { token: provinceReviewer, body: { cityMax: '50000.00', provinceMax: '500000.00' } });
  });
});

function stepBody(step: any): Record<string, unknown> {
  const { position: _p, ...rest } = step;
  return Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== null));
}
