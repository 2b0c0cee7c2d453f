import ExcelJS from 'exceljs';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { CallListGenerator } from '@lib/channels';
import { createCustomer, createFixtureOrg, createPolicy, createProducts, createUser, FIXTURE_PASSWORD, FixtureOrg, resetState } from './support/fixtures';
import { createPools, localToday } from './support/email-campaign';
import { CallCampaign, launchedCallCampaign, localTimeIn, phoneQuietHours } from './support/call-campaign';
import { call, eventually, HttpAnswer, login, startApi, startWorker } from './support/test-app';

const BOUNDARY = '----call-results-boundary';

function multipart(fileName: string, content: string | Buffer): Buffer {
  const head = [`--${BOUNDARY}`, `Content-Disposition: form-data; name="file"; filename="${fileName}"`, 'Content-Type: application/octet-stream', '', ''].join('\r\n');
  return Buffer.concat([Buffer.from(head), Buffer.from(content), Buffer.from(`\r\n--${BOUNDARY}--\r\n`)]);
}

describe('The call centre: call lists, next call, dispositions, dialler files', () => {
  let app: NestFastifyApplication;
  let db: DataSource;
  let org: FixtureOrg;
  let plannerId: number;
  let generator: CallListGenerator;
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    process.env.CALL_ATTEMPTS = '3';
    app = await startApi();
    db = await resetState(app);
    org = await createFixtureOrg(db);
    await createProducts(db);
    plannerId = await createUser(db, 'planner.calls', org.province, ['campaign_manager']);
    const reviewerId = await createUser(db, 'reviewer.calls', org.province, ['reviewer']);
    await createPools(app, db, org.province, reviewerId);
    generator = app.get(CallListGenerator);
    // Away from now: the tests choose when quiet hours hold.
    await phoneQuietHours(app, db, localTimeIn(6), localTimeIn(7));
  });

  afterAll(async () => {
    await app.close();
    delete process.env.CALL_ATTEMPTS;
  });

  async function agent(username: string, unitId: number, roles = ['call_agent']): Promise<string> {
    if (!tokens.has(username)) {
      await createUser(db, username, unitId, roles);
      tokens.set(username, await login(app, username, FIXTURE_PASSWORD));
    }
    return tokens.get(username) as string;
  }

  async function customers(count: number, unitId: number, columns: Record<string, unknown> = {}): Promise<number[]> {
    const ids: number[] = [];
    for (let i = 0; i < count; i += 1) ids.push(await createCustomer(db, unitId, columns));
    return ids;
  }

  /** Ends the campaigns of earlier tests, so that each test's lists hold only its own calls. */
  async function onlyCampaign(customerIds: number[], dailyCapacity = 50): Promise<CallCampaign> {
    await db.query(`UPDATE campaigns SET status = 'completed' WHERE status = 'running'`);
    const campaign = await launchedCallCampaign(app, db, {
      ownerId: plannerId,
      owningUnitId: org.province,
      branchIds: [org.cityA, org.cityB],
      customerIds,
      dailyCapacity,
    });
    await generator.generate();
    return campaign;
  }

  const next = (token: string): Promise<HttpAnswer> => call(app, 'POST', '/api/calls/next', { token });
  const dispose = (token: string, contactId: number, body: Record<string, unknown>): Promise<HttpAnswer> =>
    call(app, 'POST', `/api/calls/${contactId}/disposition`, { token, body });
  const entry = async (contactId: number) =>
    (await db.query(`SELECT e.*, k.status AS contact_status FROM call_list_entries e JOIN contacts k ON k.id = e.contact_id WHERE e.contact_id = $1`, [contactId]))[0];

  it('lists a phone step’s due contacts per branch within the booked seats, once however often it runs, and carries unworked calls over', async () => {
    const inA = await customers(12, org.countyA1);
    const inB = await customers(3, org.countyB1);
    const campaign = await onlyCampaign([...inA, ...inB], 10);
    expect(await generator.generate()).toEqual({ listed: 0, lists: 2 });
    const lists = await db.query(
      `SELECT branch_id, capacity, carried_over, added FROM call_list_days WHERE step_id = $1 ORDER BY branch_id`,
      [campaign.stepId],
    );
    expect(lists).toEqual([
      { branch_id: org.cityA, capacity: 10, carried_over: 0, added: 10 },
      { branch_id: org.cityB, capacity: 10, carried_over: 0, added: 3 },
    ]);
    const [{ planned }] = await db.query(`SELECT count(*)::int AS planned FROM contacts WHERE step_id = $1 AND status = 'planned'`, [campaign.stepId]);
    expect(planned).toBe(2);
    const queuedEvents = await db.query(`SELECT count(*)::int AS n FROM contact_events WHERE step_id = $1 AND event_type = 'queued'`, [campaign.stepId]);
    expect(queuedEvents[0].n).toBe(13);

    // One call of city A worked today; tomorrow's list takes the seats minus the nine carried over.
    const token = await agent('agent.carry', org.countyA1);
    const handed = await next(token);
    expect(handed.body).toMatchObject({ call: expect.any(Object), waitingFor: null, skipped: [] });
    await dispose(token, handed.body.call.contactId, { disposition: 'not_interested' });
    const tomorrow = new Date(Date.now() + 86_400_000);
    await generator.generate(tomorrow);
    const [cityA] = await db.query(
      `SELECT capacity, carried_over, added FROM call_list_days WHERE step_id = $1 AND branch_id = $2 AND day > (now() AT TIME ZONE 'Asia/Shanghai')::date`,
      [campaign.stepId, org.cityA],
    );
    expect(cityA).toEqual({ capacity: 10, carried_over: 9, added: 1 });
  });

  it('never hands the same call to two agents asking at once, and keeps each branch to its own list', async () => {
    const campaign = await onlyCampaign([...(await customers(8, org.countyA1)), ...(await customers(2, org.countyB1))]);
    const agents = await Promise.all(Array.from({ length: 12 }, (_, i) => agent(`agent.race${i}`, i % 2 ? org.countyA1 : org.countyA2)));
    const answers = await Promise.all(agents.map((token) => next(token)));
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    const handed = answers.filter((answer) => answer.body.call).map((answer) => answer.body.call.contactId);
    expect(handed).toHaveLength(8);
    expect(new Set(handed).size).toBe(8);
    expect(answers.filter((answer) => !answer.body.call).map((answer) => answer.body.waitingFor)).toEqual(['list_empty', 'list_empty', 'list_empty', 'list_empty']);
    const [{ branches }] = await db.query(`SELECT array_agg(DISTINCT branch_id) AS branches FROM call_list_entries WHERE contact_id = ANY($1::bigint[])`, [handed]);
    expect(branches).toEqual([org.cityA]);
    const called = await db.query(`SELECT count(*)::int AS n FROM contacts WHERE step_id = $1 AND status = 'sending'`, [campaign.stepId]);
    expect(called[0].n).toBe(8);

    // Asking again gives the call already held, not a second one.
    const again = await next(agents[0]);
    expect(again.body.call?.contactId).toBe(answers[0].body.call?.contactId);

    // County B's agent gets B's calls only, and cannot see or record A's.
    const agentB = await agent('agent.b', org.countyB1);
    const callB = await next(agentB);
    const bCustomer = (await entry(callB.body.call.contactId)).branch_id;
    expect(bCustomer).toBe(org.cityB);
    expect((await call(app, 'GET', `/api/calls/${handed[0]}`, { token: agentB })).status).toBe(404);
    expect((await dispose(agentB, handed[0], { disposition: 'busy' })).status).toBe(404);
    // A branch executor of city B cannot export city A's list.
    const executorB = await agent('executor.b', org.cityB, ['branch_executor']);
    expect((await call(app, 'GET', `/api/branches/${org.cityA}/call-list`, { token: executorB })).status).toBe(404);
    // Only call agents take calls.
    expect((await next(executorB)).status).toBe(403);
  });

  it('shows the customer, holdings, claims, bundle and the script rendered from the step’s phone template', async () => {
    const [customerId] = await customers(1, org.countyA1, { name: '王小明', gender: 'M' });
    const policyId = await createPolicy(db, customerId, 'SYX');
    await db.query(
      `INSERT INTO claims (claim_no, policy_id, customer_id, claim_date, amount, status) VALUES ('CLM-CALL-1', $1, $2, '2026-06-01', 3200, 'paid')`,
      [policyId, customerId],
    );
    await onlyCampaign([customerId]);
    const handed = await next(await agent('agent.view', org.countyA1));
    const view = handed.body.call;
    expect(view.customer).toMatchObject({ id: Number(customerId), name: '王小明' });
    expect(view.customer.phone).toMatch(/^138/);
    expect(view.holdings).toHaveLength(1);
    expect(view.claims).toEqual([expect.objectContaining({ claimNo: 'CLM-CALL-1', amount: '3200.00', status: 'paid' })]);
    expect(view.script).toContain('您好，请问是王小明先生吗？');
    expect(view.previousCalls).toBe(0);
  });

  it('checks the contact rules at the moment of the call: do-not-call skips the call with its reason, quiet hours hold every call', async () => {
    const [blocked, free] = await customers(2, org.countyA1);
    await onlyCampaign([blocked, free]);
    await db.query(`INSERT INTO do_not_call (customer_id, reason, since) VALUES ($1, '客户来电要求', now())`, [blocked]);
    await phoneQuietHours(app, db, localTimeIn(-1), localTimeIn(1));
    const token = await agent('agent.rules', org.countyA1);
    const [blockedContact] = await db.query(`SELECT id::int FROM contacts WHERE customer_id = $1`, [blocked]);
    const [freeContact] = await db.query(`SELECT id::int FROM contacts WHERE customer_id = $1`, [free]);
    let held: HttpAnswer;
    try {
      // Quiet hours hold the call back without using it up (a refusal met on the way is recorded, being for good).
      held = await next(token);
      expect(held.body).toMatchObject({ call: null, waitingFor: 'quiet_hours' });
      expect(await entry(freeContact.id)).toMatchObject({ state: 'waiting', contact_status: 'queued', calls: 0 });
    } finally {
      await phoneQuietHours(app, db, localTimeIn(6), localTimeIn(7));
    }
    const handed = await next(token);
    expect(handed.body.call.customer.id).toBe(Number(free));
    await dispose(token, handed.body.call.contactId, { disposition: 'interested' });
    const last = await next(token);
    expect(last.body).toMatchObject({ call: null, waitingFor: 'list_empty' });
    const skips: { contactId: number; reason: string }[] = [...handed.body.skipped, ...last.body.skipped];
    expect(skips).toHaveLength(held.body.skipped.length === 0 ? 1 : 0);
    const [{ skip_reason: skipReason }] = await db.query(`SELECT skip_reason FROM contacts WHERE id = $1`, [blockedContact.id]);
    expect(skipReason).toBe('do_not_call');
    expect(skips.every((skip) => skip.contactId === blockedContact.id && skip.reason === 'do_not_call')).toBe(true);
    expect(await entry(blockedContact.id)).toMatchObject({ state: 'done', contact_status: 'skipped' });
  });

  it('returns a callback to its agent at its time, and to no one else', async () => {
    await onlyCampaign(await customers(2, org.countyA1));
    const [first, second] = [await agent('agent.cb1', org.countyA1), await agent('agent.cb2', org.countyA1)];
    const handed = await next(first);
    const contactId = handed.body.call.contactId;
    const refused = await call(app, 'POST', `/api/calls/${contactId}/disposition`, { token: first, body: { disposition: 'callback' }, headers: { 'accept-language': 'en' } });
    expect(refused.status).toBe(400);
    expect(refused.body.details).toEqual([expect.objectContaining({ field: 'callbackAt', code: 'required' })]);
    const callbackAt = new Date(Date.now() + 60 * 60_000).toISOString();
    const recorded = await dispose(first, contactId, { disposition: 'callback', callbackAt, note: '下午方便' });
    expect(recorded.body).toMatchObject({ disposition: 'callback', status: 'queued', nextCallAt: callbackAt });
    expect((await call(app, 'GET', '/api/calls/callbacks', { token: first })).body).toEqual([
      expect.objectContaining({ contactId, note: '下午方便', callbackAt }),
    ]);
    // Before its time it goes to nobody; the other call of the list is handed out.
    const other = await next(second);
    expect(other.body.call.contactId).not.toBe(contactId);
    await dispose(second, other.body.call.contactId, { disposition: 'not_interested' });
    expect((await next(second)).body.call).toBeNull();
    await db.query(`UPDATE call_list_entries SET due_at = now() - interval '1 second' WHERE contact_id = $1`, [contactId]);
    expect((await next(second)).body.call).toBeNull();
    const back = await next(first);
    expect(back.body.call).toMatchObject({ contactId, previousCalls: 1, callbackAt: expect.any(String) });
    const events = await db.query(`SELECT event_type, reason FROM contact_events WHERE contact_id = $1 AND event_type IN ('called','connected') ORDER BY event_type`, [contactId]);
    expect(events).toEqual([
      { event_type: 'called', reason: 'callback' },
      { event_type: 'connected', reason: 'callback' },
    ]);
  });

  it('retries no answer and busy on later slots up to CALL_ATTEMPTS calls, then the contact is called and done', async () => {
    await onlyCampaign(await customers(1, org.countyA1));
    const token = await agent('agent.retry', org.countyA1);
    let contactId = 0;
    for (const [index, disposition] of ['no_answer', 'busy', 'no_answer'].entries()) {
      const handed = await next(token);
      contactId = handed.body.call.contactId;
      const recorded = await dispose(token, contactId, { disposition });
      if (index < 2) {
        expect(recorded.body).toMatchObject({ status: 'queued' });
        expect(Date.parse(recorded.body.nextCallAt)).toBeGreaterThan(Date.now() + 60 * 60_000);
        // The slot comes.
        expect((await next(token)).body.call).toBeNull();
        await db.query(`UPDATE call_list_entries SET due_at = now() - interval '1 second' WHERE contact_id = $1`, [contactId]);
      } else {
        expect(recorded.body).toMatchObject({ status: 'called', nextCallAt: null });
      }
    }
    expect(await entry(contactId)).toMatchObject({ state: 'done', calls: 3, disposition: 'no_answer', contact_status: 'called' });
    const [{ called }] = await db.query(`SELECT count(*)::int AS called FROM contact_events WHERE contact_id = $1 AND event_type = 'called'`, [contactId]);
    expect(called).toBe(3);
    const [{ attempts }] = await db.query(`SELECT attempts FROM contacts WHERE id = $1`, [contactId]);
    expect(attempts).toBe(3);
  });

  it('do_not_call_again turns phone consent off and blocks calls for at least six months; converted attributes the policy', async () => {
    const [refusing, buying] = await customers(2, org.countyA1);
    await onlyCampaign([refusing, buying]);
    const token = await agent('agent.final', org.countyA1);
    for (let i = 0; i < 2; i += 1) {
      const handed = await next(token);
      const customerId = handed.body.call.customer.id;
      if (customerId === Number(refusing)) {
        const recorded = await dispose(token, handed.body.call.contactId, { disposition: 'do_not_call_again' });
        expect(recorded.body).toMatchObject({ status: 'connected', nextCallAt: null });
      } else {
        const policyNo = `P-CALL-${customerId}`;
        await createPolicy(db, customerId, 'JCX', { policy_no: policyNo, start_date: localToday() });
        const unknown = await dispose(token, handed.body.call.contactId, { disposition: 'converted' });
        expect(unknown.body.details).toEqual([expect.objectContaining({ field: 'policyNo', code: 'required' })]);
        const recorded = await dispose(token, handed.body.call.contactId, { disposition: 'converted', policyNo });
        expect(recorded.body).toMatchObject({ status: 'connected', attributed: true });
      }
    }
    const [customer] = await db.query(`SELECT consent_phone FROM customers WHERE id = $1`, [refusing]);
    expect(customer.consent_phone).toBe(false);
    const [block] = await db.query(`SELECT until >= now() + interval '6 months' - interval '1 minute' AS long_enough FROM do_not_call WHERE customer_id = $1`, [refusing]);
    expect(block.long_enough).toBe(true);
    const bad = await dispose(token, 1, { disposition: 'hung_up' });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([expect.objectContaining({ field: 'disposition' })]);
  });

  it('fills the day’s lists from the worker’s repeated job', async () => {
    await db.query(`UPDATE campaigns SET status = 'completed' WHERE status = 'running'`);
    const campaign = await launchedCallCampaign(app, db, {
      ownerId: plannerId,
      owningUnitId: org.province,
      branchIds: [org.cityA, org.cityB],
      customerIds: await customers(3, org.countyB1),
      dailyCapacity: 10,
    });
    process.env.DISPATCH_INTERVAL_MS = '300';
    const worker = await startWorker();
    try {
      const listed = await eventually(async () => {
        const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM call_list_entries WHERE step_id = $1`, [campaign.stepId]);
        return n === 3 ? n : undefined;
      });
      expect(listed).toBe(3);
    } finally {
      await worker.close();
      delete process.env.DISPATCH_INTERVAL_MS;
    }
  });

  it('exports a branch’s call list as CSV and XLSX and imports the dialler’s results, reporting refused rows by line', async () => {
    await onlyCampaign(await customers(3, org.countyA1, { name: '=HYPERLINK("x")' }));
    const executor = await agent('executor.a', org.cityA, ['branch_executor']);
    const csv = await call(app, 'GET', `/api/branches/${org.cityA}/call-list?format=csv`, { token: executor });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = String(csv.body).replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines[0]).toBe('contact_id,campaign_code,customer_no,customer_name,phone,bundle,due_at,calls');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain(`'=HYPERLINK`);
    const contactIds = lines.slice(1).map((line) => Number(line.split(',')[0]));

    const xlsx = await app.inject({ method: 'GET', url: `/api/branches/${org.cityA}/call-list?format=xlsx`, headers: { authorization: `Bearer ${executor}` } });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ExcelJS.Buffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.rowCount).toBe(4);
    expect(sheet.getRow(2).getCell(1).value).toBe(contactIds[0]);

    const results = [
      'contact_id,disposition,callback_at,policy_no,note',
      `${contactIds[0]},no_answer,,,`,
      `${contactIds[1]},hung_up,,,`,
      `${contactIds[2]},callback,,,`,
      `999999,busy,,,`,
      `${contactIds[0]},busy,,,`,
    ].join('\n');
    const imported = await call(app, 'POST', `/api/branches/${org.cityA}/call-results`, {
      token: executor,
      rawBody: multipart('results.csv', results),
      headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
    });
    expect(imported.status).toBe(200);
    expect(imported.body).toEqual({
      rows: 5,
      recorded: 2,
      problems: [
        { line: 3, field: 'disposition', code: 'not_a_disposition', params: expect.any(Object) },
        { line: 4, field: 'callback_at', code: 'required' },
        { line: 5, field: 'contact_id', code: 'call_not_on_list' },
      ],
    });
    expect(await entry(contactIds[0])).toMatchObject({ calls: 2, disposition: 'busy', state: 'waiting' });

    // The same results as XLSX: the second file's rows for the same call count as new calls.
    const book = new ExcelJS.Workbook();
    const results2 = book.addWorksheet('results');
    results2.addRow(['contact_id', 'disposition', 'callback_at', 'policy_no', 'note']);
    results2.addRow([contactIds[1], 'not_interested', null, null, '不需要']);
    const file = Buffer.from(await book.xlsx.writeBuffer());
    const fromXlsx = await call(app, 'POST', `/api/branches/${org.cityA}/call-results`, {
      token: executor,
      rawBody: multipart('results.xlsx', file),
      headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
    });
    expect(fromXlsx.body).toEqual({ rows: 1, recorded: 1, problems: [] });
    expect(await entry(contactIds[1])).toMatchObject({ state: 'done', disposition: 'not_interested', contact_status: 'connected', note: '不需要' });

    const executorB = await agent('executor.b2', org.cityB, ['branch_executor']);
    const foreign = await call(app, 'POST', `/api/branches/${org.cityA}/call-results`, {
      token: executorB,
      rawBody: multipart('results.csv', results),
      headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
    });
    expect(foreign.status).toBe(404);
  });
});
