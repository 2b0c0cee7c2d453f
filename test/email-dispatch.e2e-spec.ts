import { INestApplicationContext } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { CampaignLaunchService, ContactDispatcher } from '@lib/dispatch';
import { createCustomer, createFixtureOrg, createUser, FIXTURE_PASSWORD, FixtureOrg, resetState } from './support/fixtures';
import { createPools, EmailCampaign, scheduledEmailCampaign } from './support/email-campaign';
import { ReceivedMail, SmtpSink, startSmtpSink } from './support/smtp-sink';
import { call, eventually, login, startApi, startWorker } from './support/test-app';

const TEMPLATE = 'cross_sell';

describe('Campaign email through the dispatch pipeline', () => {
  let sink: SmtpSink;
  let app: NestFastifyApplication;
  let worker: INestApplicationContext;
  let db: DataSource;
  let org: FixtureOrg;
  let plannerId: number;
  let reviewerId: number;
  /** Refused once with 451, then accepted. */
  const refusedOnce = new Set<string>();
  /** How long the SMTP server takes to accept each message. */
  let answerDelayMs = 0;

  beforeAll(async () => {
    sink = await startSmtpSink({
      reject: (to) => {
        if (to.startsWith('gone')) return 550;
        if (to.startsWith('busy') && !refusedOnce.has(to)) {
          refusedOnce.add(to);
          return 451;
        }
        return undefined;
      },
      delayMs: () => answerDelayMs,
    });
    process.env.SMTP_URL = sink.url;
    process.env.DISPATCH_INTERVAL_MS = '300';
    app = await startApi();
    db = await resetState(app);
    worker = await startWorker();
    org = await createFixtureOrg(db);
    plannerId = await createUser(db, 'planner.email', org.province, ['campaign_manager']);
    reviewerId = await createUser(db, 'reviewer.email', org.province, ['reviewer']);
    await createUser(db, 'executor.b1', org.countyB1, ['branch_executor']);
    await createPools(app, db, org.province, reviewerId);
  });

  afterAll(async () => {
    await worker.close();
    await app.close();
    await sink.close();
    delete process.env.SMTP_URL;
    delete process.env.DISPATCH_INTERVAL_MS;
  });

  async function customers(count: number, unitId: number, columns: (i: number) => Record<string, unknown> = () => ({})): Promise<number[]> {
    const ids: number[] = [];
    for (let i = 0; i < count; i += 1) ids.push(await createCustomer(db, unitId, columns(i)));
    return ids;
  }

  async function launched(customerIds: number[], extra: Partial<Parameters<typeof scheduledEmailCampaign>[2]> = {}): Promise<EmailCampaign> {
    const campaign = await scheduledEmailCampaign(app, db, {
      ownerId: plannerId,
      reviewerId,
      owningUnitId: org.province,
      branchIds: [org.cityA, org.cityB],
      customerIds,
      templateRef: TEMPLATE,
      ...extra,
    });
    await app.get(CampaignLaunchService).launch(campaign.campaignId, { seed: 7 });
    return campaign;
  }

  const statuses = async (campaignId: number): Promise<Record<string, number>> =>
    Object.fromEntries(
      (await db.query(`SELECT status, count(*)::int AS n FROM contacts WHERE campaign_id = $1 GROUP BY status`, [campaignId])).map(
        (row: { status: string; n: number }) => [row.status, row.n],
      ),
    );

  /** Waits until no contact of the campaign is planned, queued or being sent. */
  async function settled(campaignId: number, timeoutMs = 60_000): Promise<Record<string, number>> {
    return eventually(async () => {
      const counts = await statuses(campaignId);
      return (counts.planned ?? 0) + (counts.queued ?? 0) + (counts.sending ?? 0) === 0 ? counts : undefined;
    }, timeoutMs);
  }

  const mailsOf = (campaignId: number): ReceivedMail[] =>
    sink.received.filter((mail) => String(mail.parsed.messageId ?? '').includes(`.campaign-${campaignId}@`));

  it('sends each contact one well-formed, tracked email, records bounces and retries what failed for now', async () => {
    const ids = await customers(12, org.countyA1);
    const gone = await createCustomer(db, org.countyA1, { email: 'gone@example.com' });
    const busy = await createCustomer(db, org.countyB1, { email: 'busy@example.com' });
    const campaign = await launched([...ids, gone, busy]);

    const counts = await settled(campaign.campaignId);
    expect(counts).toEqual({ sent: 13, bounced: 1 });
    const mails = mailsOf(campaign.campaignId);
    expect(mails).toHaveLength(13);
    const messageIds = mails.map((mail) => mail.parsed.messageId);
    expect(new Set(messageIds).size).toBe(13);

    const mail = mails[0];
    expect(mail.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    expect(mail.raw).toMatch(/^List-Unsubscribe: <https?:\/\/[^>]+\/api\/t\/u\/[^>]+>\r?$/m);
    expect(mail.parsed.from?.value[0]).toMatchObject({ name: expect.any(String), address: expect.stringContaining('@') });
    expect(mail.parsed.text).toBeTruthy();
    expect(mail.parsed.html).toContain('/api/t/o/');
    expect(mail.parsed.html).toContain('/api/t/u/');
    expect(mail.raw).toMatch(/^Date: /m);
    expect(mail.raw).toMatch(/^MIME-Version: 1.0/m);

    // The hard bounce is kept, and the address gets no further email.
    const [bounce] = await db.query(`SELECT status, last_error FROM contacts WHERE customer_id = $1`, [gone]);
    expect(bounce.status).toBe('bounced');
    expect(bounce.last_error).toContain('550');
    expect(await db.query(`SELECT email FROM email_suppressions`)).toEqual([{ email: 'gone@example.com' }]);
    // The 451 was tried again and went through.
    const [retried] = await db.query(`SELECT status, attempts FROM contacts WHERE customer_id = $1`, [busy]);
    expect(retried).toEqual({ status: 'sent', attempts: 2 });

    // Spend: one line per part, contacts sent × cost per contact, nothing for the bounce.
    const [spend] = await db.query(
      `SELECT coalesce(sum(amount), 0)::text AS amount, coalesce(sum(contacts), 0)::int AS contacts FROM budget_lines WHERE campaign_id = $1 AND kind = 'spend'`,
      [campaign.campaignId],
    );
    expect(spend).toEqual({ amount: '1.30', contacts: 13 });
    const [open] = await db.query(
      `SELECT coalesce(sum(amount), 0)::text AS amount FROM budget_lines WHERE campaign_id = $1 AND kind = 'commitment'`,
      [campaign.campaignId],
    );
    expect(open.amount).toBe('0.00');

    // One event per contact and outcome in the one tracking model.
    const events = await db.query(
      `SELECT event_type, count(*)::int AS n FROM contact_events WHERE campaign_id = $1 GROUP BY event_type ORDER BY event_type`,
      [campaign.campaignId],
    );
    expect(events).toEqual([
      { event_type: 'bounced', n: 1 },
      { event_type: 'failed', n: 1 },
      { event_type: 'queued', n: 14 },
      { event_type: 'sent', n: 13 },
    ]);
  });

  it('skips at send time a customer who opted out after the launch, with the reason, and shows it in the progress', async () => {
    const ids = await customers(6, org.countyB1);
    const campaign = await scheduledEmailCampaign(app, db, {
      ownerId: plannerId,
      reviewerId,
      owningUnitId: org.province,
      branchIds: [org.cityA, org.cityB],
      customerIds: ids,
      templateRef: TEMPLATE,
    });
    // The step starts tomorrow, so the launch plans its contacts for then; the opt-outs come in between.
    await db.query(`UPDATE campaign_steps SET start_offset_days = 1 WHERE id = $1`, [campaign.stepId]);
    await app.get(CampaignLaunchService).launch(campaign.campaignId, { seed: 7 });
    await db.query(`UPDATE customers SET do_not_contact = true WHERE id = $1`, [ids[0]]);
    await db.query(`UPDATE customers SET consent_email = false WHERE id = $1`, [ids[1]]);
    await db.query(`UPDATE campaign_steps SET start_offset_days = 0 WHERE id = $1`, [campaign.stepId]);
    await db.query(`UPDATE contacts SET contacted_at = now() WHERE campaign_id = $1`, [campaign.campaignId]);

    const counts = await settled(campaign.campaignId);
    expect(counts).toEqual({ sent: 4, skipped: 2 });
    const skips = await db.query(
      `SELECT customer_id::int, reason FROM contact_events WHERE campaign_id = $1 AND event_type = 'skipped' ORDER BY customer_id`,
      [campaign.campaignId],
    );
    expect(skips).toEqual([
      { customer_id: Number(ids[0]), reason: 'do_not_contact' },
      { customer_id: Number(ids[1]), reason: 'no_consent' },
    ]);

    const token = await login(app, 'executor.b1', FIXTURE_PASSWORD);
    const progress = await call(app, 'GET', `/api/campaigns/${campaign.campaignId}/progress`, { token });
    expect(progress.status).toBe(200);
    expect(progress.body.steps[0]).toMatchObject({
      channel: 'email',
      state: 'done',
      counts: { sent: 4, skipped: 2 },
      skipped: expect.arrayContaining([{ reason: 'do_not_contact', count: 1 }, { reason: 'no_consent', count: 1 }]),
    });
    expect(progress.body.steps[0].byBranch.map((branch: { orgUnitId: number }) => branch.orgUnitId)).toEqual([org.countyB1]);
  });

  it('stops a step before it would overspend, and tells its owner', async () => {
    const ids = await customers(10, org.countyA2);
    // 0.50 a contact and 2.00 of budget: four contacts.
    const campaign = await launched(ids, { budgetFen: 200, costPerContactFen: 50 });
    await eventually(async () => ((await statuses(campaign.campaignId)).sent === 4 ? true : undefined));
    await eventually(async () => {
      const [state] = await db.query(`SELECT state FROM step_dispatch_states WHERE step_id = $1`, [campaign.stepId]);
      return state?.state === 'budget_exhausted' ? true : undefined;
    });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await statuses(campaign.campaignId)).toEqual({ sent: 4, planned: 6 });
    const [spent] = await db.query(`SELECT sum(amount)::text AS amount FROM budget_lines WHERE campaign_id = $1 AND kind = 'spend'`, [campaign.campaignId]);
    expect(spent.amount).toBe('2.00');
    const notices = await db.query(`SELECT kind FROM notifications WHERE recipient_id = $1 AND kind = 'step_budget_exhausted'`, [plannerId]);
    expect(notices).toHaveLength(1);
    const token = await login(app, 'planner.email', FIXTURE_PASSWORD);
    const progress = await call(app, 'GET', `/api/campaigns/${campaign.campaignId}/progress`, { token });
    expect(progress.body.steps[0].state).toBe('budget_exhausted');

    // A raise of 1.00 (as an approved raise reserves it): two more contacts, then it stops again.
    await db.query(
      `INSERT INTO budget_lines (pool_id, kind, amount, campaign_id, note) SELECT pool_id, 'reservation', 1.00, campaign_id, 'raise' FROM campaign_budgets WHERE campaign_id = $1`,
      [campaign.campaignId],
    );
    await eventually(async () => ((await statuses(campaign.campaignId)).sent === 6 ? true : undefined));
    await eventually(async () => {
      const [state] = await db.query(`SELECT state FROM step_dispatch_states WHERE step_id = $1`, [campaign.stepId]);
      return state?.state === 'budget_exhausted' ? true : undefined;
    });
    expect(await statuses(campaign.campaignId)).toEqual({ sent: 6, planned: 4 });
  });

  it('pauses within seconds mid-send and resumes, each contact sent once', async () => {
    const ids = await customers(150, org.countyA1);
    answerDelayMs = 150;
    const campaign = await launched(ids);
    const token = await login(app, 'planner.email', FIXTURE_PASSWORD);
    await eventually(async () => (mailsOf(campaign.campaignId).length > 0 ? true : undefined));
    const paused = await call(app, 'POST', `/api/campaigns/${campaign.campaignId}/moves/pause`, { token, body: {} });
    expect(paused.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const atPause = mailsOf(campaign.campaignId).length;
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(mailsOf(campaign.campaignId).length).toBe(atPause);
    expect(atPause).toBeLessThan(150);

    const resumed = await call(app, 'POST', `/api/campaigns/${campaign.campaignId}/moves/resume`, { token, body: {} });
    expect(resumed.status).toBe(200);
    await settled(campaign.campaignId);
    const messageIds = mailsOf(campaign.campaignId).map((mail) => mail.parsed.messageId);
    expect(messageIds).toHaveLength(150);
    expect(new Set(messageIds).size).toBe(150);
    answerDelayMs = 0;
  });

  it('shows progress only within the reader scope, and 404 for a campaign outside it', async () => {
    const ids = await customers(3, org.countyA1);
    const campaign = await launched(ids);
    await settled(campaign.campaignId);
    const token = await login(app, 'executor.b1', FIXTURE_PASSWORD);
    const progress = await call(app, 'GET', `/api/campaigns/${campaign.campaignId}/progress`, { token });
    // Suzhou's executor sees the province's campaign, but none of Nanjing's contacts.
    expect(progress.status).toBe(200);
    expect(progress.body.steps[0].counts).toEqual({});
    expect(progress.body.audience).toBe(0);
  });

  it('runs a dispatch round that finds nothing to do without error', async () => {
    await expect(app.get(ContactDispatcher).dispatchDue()).resolves.toMatchObject({ contactsReleased: 0 });
  });
});
