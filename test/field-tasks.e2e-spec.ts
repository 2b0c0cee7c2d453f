import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { ConversionAttribution } from '@lib/attribution';
import { FieldTaskGenerator } from '@lib/channels';
import { createCustomer, createFixtureOrg, createPolicy, createProducts, createUser, FIXTURE_PASSWORD, FixtureOrg, resetState } from './support/fixtures';
import { createPools, localToday } from './support/email-campaign';
import { FieldCampaign, launchedFieldCampaign, visitsAllowedNow } from './support/field-campaign';
import { call, eventually, HttpAnswer, login, startApi, startWorker } from './support/test-app';

describe('Field tasks: visit tasks per county within booked visits, assignment, outcomes', () => {
  let app: NestFastifyApplication;
  let db: DataSource;
  let org: FixtureOrg;
  let plannerId: number;
  let generator: FieldTaskGenerator;
  const users = new Map<string, { id: number; token: string }>();

  beforeAll(async () => {
    app = await startApi();
    db = await resetState(app);
    org = await createFixtureOrg(db);
    await createProducts(db);
    plannerId = await createUser(db, 'planner.field', org.province, ['campaign_manager']);
    const reviewerId = await createUser(db, 'reviewer.field', org.province, ['reviewer']);
    await createPools(app, db, org.province, reviewerId);
    generator = app.get(FieldTaskGenerator);
    await visitsAllowedNow(app, db);
  });

  afterAll(async () => {
    await app.close();
  });

  async function user(username: string, unitId: number, roles = ['branch_executor']): Promise<{ id: number; token: string }> {
    if (!users.has(username)) {
      const id = await createUser(db, username, unitId, roles);
      users.set(username, { id, token: await login(app, username, FIXTURE_PASSWORD) });
    }
    return users.get(username) as { id: number; token: string };
  }

  async function customers(count: number, unitId: number): Promise<number[]> {
    const ids: number[] = [];
    for (let i = 0; i < count; i += 1) ids.push(await createCustomer(db, unitId, { consent_agent_visit: true }));
    return ids;
  }

  /** Ends the campaigns of earlier tests, so that each test's board holds only its own tasks. */
  async function onlyCampaign(customerIds: number[], dailyCapacity = 50, targets?: { contacts: number; conversions: number; premium: number }): Promise<FieldCampaign> {
    await db.query(`UPDATE campaigns SET status = 'completed' WHERE status = 'running'`);
    const campaign = await launchedFieldCampaign(app, db, {
      ownerId: plannerId,
      owningUnitId: org.province,
      branchIds: [org.countyA1, org.countyA2, org.countyB1],
      customerIds,
      dailyCapacity,
      targets,
    });
    await generator.generate();
    return campaign;
  }

  const board = (token: string, filter = 'all'): Promise<HttpAnswer> => call(app, 'GET', `/api/field-tasks?filter=${filter}`, { token });
  const assign = (token: string, contactId: number, agentId: number): Promise<HttpAnswer> =>
    call(app, 'PUT', `/api/field-tasks/${contactId}/agent`, { token, body: { agentId } });
  const outcome = (token: string, contactId: number, body: Record<string, unknown>): Promise<HttpAnswer> =>
    call(app, 'POST', `/api/field-tasks/${contactId}/outcome`, { token, body });

  it('creates a task per due contact for the customer’s county within the visits of the day, once however often it runs, carrying open tasks over', async () => {
    const inA1 = await customers(7, org.countyA1);
    const inB1 = await customers(2, org.countyB1);
    const campaign = await onlyCampaign([...inA1, ...inB1], 5);
    expect(await generator.generate()).toEqual({ created: 0, days: 2 });
    const days = await db.query(`SELECT branch_id, capacity, carried_over, added FROM field_task_days WHERE step_id = $1 ORDER BY branch_id`, [campaign.stepId]);
    expect(days).toEqual([
      { branch_id: org.countyA1, capacity: 5, carried_over: 0, added: 5 },
      { branch_id: org.countyB1, capacity: 5, carried_over: 0, added: 2 },
    ]);
    const [{ planned }] = await db.query(`SELECT count(*)::int AS planned FROM contacts WHERE step_id = $1 AND status = 'planned'`, [campaign.stepId]);
    expect(planned).toBe(2);
    const [{ queued }] = await db.query(`SELECT count(*)::int AS queued FROM contact_events WHERE step_id = $1 AND event_type = 'queued'`, [campaign.stepId]);
    expect(queued).toBe(7);

    // Tomorrow: five visits booked, the five still open carried over, so nothing new for county A1.
    await generator.generate(new Date(Date.now() + 86_400_000));
    const [next] = await db.query(
      `SELECT capacity, carried_over, added FROM field_task_days WHERE step_id = $1 AND branch_id = $2 AND day > (now() AT TIME ZONE 'Asia/Shanghai')::date`,
      [campaign.stepId, org.countyA1],
    );
    expect(next).toEqual({ capacity: 5, carried_over: 5, added: 0 });
  });

  it('shows a county only its own tasks, flags overdue ones, and assigns only to agents of the task’s branch', async () => {
    await onlyCampaign([...(await customers(3, org.countyA1)), ...(await customers(2, org.countyB1))]);
    const executorA = await user('executor.a1', org.countyA1);
    const agentA = await user('agent.a1', org.countyA1);
    const executorB = await user('executor.b1', org.countyB1);
    const tasksA = (await board(executorA.token)).body;
    expect(tasksA).toHaveLength(3);
    expect(tasksA.every((task: { branchId: number }) => task.branchId === org.countyA1)).toBe(true);
    expect(tasksA[0].script).toContain(`拜访对象：${tasksA[0].customer.name}`);
    const tasksB = (await board(executorB.token)).body;
    expect(tasksB).toHaveLength(2);

    // B cannot assign, record or list the agents of A's tasks.
    expect((await assign(executorB.token, tasksA[0].contactId, executorB.id)).status).toBe(404);
    expect((await outcome(executorB.token, tasksA[0].contactId, { outcome: 'visited' })).status).toBe(404);
    expect((await call(app, 'GET', `/api/branches/${org.countyA1}/field-agents`, { token: executorB.token })).status).toBe(404);
    // Only a user of the task's branch can be its agent.
    const foreign = await assign(executorA.token, tasksA[0].contactId, executorB.id);
    expect(foreign.status).toBe(400);
    expect(foreign.body.details).toEqual([expect.objectContaining({ field: 'agentId', code: 'not_an_agent_of_branch' })]);
    const agents = (await call(app, 'GET', `/api/branches/${org.countyA1}/field-agents`, { token: executorA.token })).body;
    expect(agents.map((agent: { id: number }) => agent.id).sort()).toEqual([executorA.id, agentA.id].sort());

    const assigned = await assign(executorA.token, tasksA[0].contactId, agentA.id);
    expect(assigned.body.agent).toEqual({ id: agentA.id, name: 'agent.a1' });
    const reassigned = await assign(executorA.token, tasksA[0].contactId, executorA.id);
    expect(reassigned.body.agent.id).toBe(executorA.id);
    // Only the agent it is assigned to records the visit.
    expect((await outcome(agentA.token, tasksA[0].contactId, { outcome: 'visited' })).body.code).toBe('task_not_assigned_to_you');

    // A task of yesterday not yet visited is overdue.
    await db.query(`UPDATE field_tasks SET due_date = due_date - 1 WHERE contact_id = $1`, [tasksA[1].contactId]);
    const overdue = (await board(executorA.token, 'overdue')).body;
    expect(overdue.map((task: { contactId: number; overdue: boolean }) => [task.contactId, task.overdue])).toEqual([[tasksA[1].contactId, true]]);
    expect((await board(executorA.token, 'today')).body).toHaveLength(2);
    // Other roles do not work the board.
    const planner = await user('planner.board', org.countyA1, ['campaign_manager']);
    expect((await board(planner.token)).status).toBe(403);
  });

  it('records outcomes as contact events; sold attributes the policy as a conversion; the daily view counts against the branch’s share', async () => {
    const inA1 = await customers(3, org.countyA1);
    const inB1 = await customers(1, org.countyB1);
    const campaign = await onlyCampaign([...inA1, ...inB1], 50, { contacts: 8, conversions: 4, premium: 4000 });
    const agent = await user('executor.a1', org.countyA1);
    const tasks = (await board(agent.token)).body;
    for (const task of tasks) await assign(agent.token, task.contactId, agent.id);
    const [sold, quoted, unreachable] = tasks;

    const missing = await outcome(agent.token, sold.contactId, { outcome: 'sold' });
    expect(missing.status).toBe(400);
    expect(missing.body.details.map((problem: { field: string }) => problem.field).sort()).toEqual(['policyNo', 'premium']);
    const policyNo = `P-VISIT-${sold.customer.id}`;
    await createPolicy(db, sold.customer.id, 'JCX', { policy_no: policyNo, premium: 1280, start_date: localToday() });
    expect((await outcome(agent.token, sold.contactId, { outcome: 'sold', policyNo, premium: 1280 })).body).toMatchObject({ state: 'done', outcome: 'sold', attributed: true });
    expect((await outcome(agent.token, quoted.contactId, { outcome: 'quoted' })).body).toMatchObject({ state: 'done', attributed: false });
    expect((await outcome(agent.token, unreachable.contactId, { outcome: 'unreachable' })).body.state).toBe('done');
    expect((await outcome(agent.token, quoted.contactId, { outcome: 'visited' })).body.code).toBe('task_not_open');

    const events = await db.query(
      `SELECT contact_id::int, array_agg(event_type || ':' || COALESCE(reason, '') ORDER BY event_type) AS events
         FROM contact_events WHERE campaign_id = $1 AND event_type <> 'queued' GROUP BY contact_id`,
      [campaign.campaignId],
    );
    const byContact = new Map(events.map((row: { contact_id: number; events: string[] }) => [row.contact_id, row.events]));
    expect(byContact.get(sold.contactId)).toEqual(['converted:', 'responded:sold', 'visited:sold']);
    expect(byContact.get(quoted.contactId)).toEqual(['responded:quoted', 'visited:quoted']);
    expect(byContact.get(unreachable.contactId)).toEqual(['failed:unreachable']);
    // The conversion is credited to the visit, by the same rule as an imported policy.
    const [conversion] = await db.query(`SELECT c.campaign_id, c.contact_id::int, c.channel FROM campaign_conversions c JOIN policies p ON p.id = c.policy_id WHERE p.policy_no = $1`, [policyNo]);
    expect(conversion).toEqual({ campaign_id: campaign.campaignId, contact_id: sold.contactId, channel: 'agent_visit' });

    // County A1 holds three of the four contacts: three quarters of each target.
    const daily = (await call(app, 'GET', '/api/field-tasks/daily', { token: agent.token })).body;
    expect(daily.results).toEqual([
      expect.objectContaining({ campaignId: campaign.campaignId, share: 0.75, visits: 2, conversions: 1, premium: '1280.00', targetContacts: 6, targetConversions: 3, targetPremium: '3000.00' }),
    ]);
    expect(daily.myTasksToday).toEqual([]);
  });

  it('checks the contact rules at the moment of the visit: do-not-contact since the task was made skips it with its reason', async () => {
    const [blocked] = await customers(1, org.countyA1);
    await onlyCampaign([blocked]);
    const agent = await user('executor.a1', org.countyA1);
    const [task] = (await board(agent.token)).body;
    await assign(agent.token, task.contactId, agent.id);
    await db.query(`UPDATE customers SET do_not_contact = true WHERE id = $1`, [blocked]);
    const recorded = await outcome(agent.token, task.contactId, { outcome: 'visited' });
    expect(recorded.body).toMatchObject({ state: 'skipped', outcome: null, skipReason: 'do_not_contact' });
    const [contact] = await db.query(`SELECT status, skip_reason FROM contacts WHERE id = $1`, [task.contactId]);
    expect(contact).toEqual({ status: 'skipped', skip_reason: 'do_not_contact' });
    const skipped = await db.query(`SELECT reason FROM contact_events WHERE contact_id = $1 AND event_type = 'skipped'`, [task.contactId]);
    expect(skipped).toEqual([{ reason: 'do_not_contact' }]);
  });

  it('keeps a sale whose policy is not imported yet, and attributes it to the visit when the policy arrives', async () => {
    const [buyer] = await customers(1, org.countyA1);
    const campaign = await onlyCampaign([buyer]);
    const agent = await user('executor.a1', org.countyA1);
    const [task] = (await board(agent.token)).body;
    await assign(agent.token, task.contactId, agent.id);
    const policyNo = `P-LATER-${buyer}`;
    const recorded = await outcome(agent.token, task.contactId, { outcome: 'sold', policyNo, premium: 560.5 });
    expect(recorded.body).toMatchObject({ state: 'done', outcome: 'sold', attributed: false });
    expect(await db.query(`SELECT policy_no, premium::text FROM field_tasks WHERE contact_id = $1`, [task.contactId])).toEqual([{ policy_no: policyNo, premium: '560.50' }]);
    // The policy's import runs the same rule.
    await createPolicy(db, buyer, 'JCX', { policy_no: policyNo, premium: 560.5, start_date: localToday() });
    await db.transaction((manager) => app.get(ConversionAttribution).attribute(manager, { sql: 'SELECT id FROM policies WHERE policy_no = $1', params: [policyNo] }));
    const [conversion] = await db.query(`SELECT c.campaign_id, c.contact_id::int FROM campaign_conversions c JOIN policies p ON p.id = c.policy_id WHERE p.policy_no = $1`, [policyNo]);
    expect(conversion).toEqual({ campaign_id: campaign.campaignId, contact_id: task.contactId });
  });

  it('creates the day’s tasks from the worker’s repeated job', async () => {
    await db.query(`UPDATE campaigns SET status = 'completed' WHERE status = 'running'`);
    const campaign = await launchedFieldCampaign(app, db, {
      ownerId: plannerId,
      owningUnitId: org.province,
      branchIds: [org.countyB1],
      customerIds: await customers(3, org.countyB1),
      dailyCapacity: 10,
    });
    process.env.DISPATCH_INTERVAL_MS = '300';
    const worker = await startWorker();
    try {
      const created = await eventually(async () => {
        const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM field_tasks WHERE step_id = $1`, [campaign.stepId]);
        return n === 3 ? n : undefined;
      });
      expect(created).toBe(3);
    } finally {
      await worker.close();
      delete process.env.DISPATCH_INTERVAL_MS;
    }
  });

  it('pays a county’s visit from the participating city above it when the campaign names cities', async () => {
    await db.query(`UPDATE campaigns SET status = 'completed' WHERE status = 'running'`);
    const [customer] = await customers(1, org.countyA1);
    const campaign = await launchedFieldCampaign(app, db, { ownerId: plannerId, owningUnitId: org.province, branchIds: [org.cityA], customerIds: [customer], dailyCapacity: 5 });
    await generator.generate();
    const agent = await user('executor.a1', org.countyA1);
    const [task] = (await board(agent.token)).body;
    expect(task.branchId).toBe(org.countyA1);
    await assign(agent.token, task.contactId, agent.id);
    expect((await outcome(agent.token, task.contactId, { outcome: 'visited' })).body).toMatchObject({ state: 'done', outcome: 'visited' });
    const lines = await db.query(`SELECT branch_id, contacts, amount::text FROM budget_lines WHERE campaign_id = $1 AND kind = 'spend'`, [campaign.campaignId]);
    expect(lines).toEqual([{ branch_id: org.cityA, contacts: 1, amount: '5.00' }]);
  });
});
