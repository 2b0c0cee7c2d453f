import { createCustomer, createFixtureOrg, createUser, FIXTURE_PASSWORD } from '../support/fixtures';
import { createPools } from '../support/email-campaign';
import { eventually } from '../support/test-app';
import { runningWebCampaign } from '../support/web-campaign';
import { BrowserStack, logInAs, startBrowserStack } from './browser';

describe('The demo insurer site in the browser', () => {
  let stack: BrowserStack;
  let campaignId: number;

  beforeAll(async () => {
    stack = await startBrowserStack('web-demo-site', { worker: true });
    const { db, app } = stack;
    const org = await createFixtureOrg(db);
    const plannerId = await createUser(db, 'planner.site', org.province, ['campaign_manager']);
    const reviewerId = await createUser(db, 'reviewer.site', org.province, ['reviewer']);
    await createUser(db, 'executor.site', org.countyA1, ['branch_executor']);
    await createPools(app, db, org.province, reviewerId);
    const customer = await createCustomer(db, org.countyA1, { name: '李娜' });
    ({ campaignId } = await runningWebCampaign(app, db, {
      ownerId: plannerId,
      owningUnitId: org.province,
      branchIds: [org.cityA],
      customerIds: [customer],
      name: '家庭保障组合',
    }));
  });

  afterAll(async () => {
    await stack?.close();
  });

  const eventsOf = async (): Promise<Record<string, number>> =>
    Object.fromEntries(
      (await stack.db.query(`SELECT event_type, count(*)::int AS n FROM contact_events WHERE campaign_id = $1 GROUP BY event_type`, [campaignId])).map(
        (row: { event_type: string; n: number }) => [row.event_type, row.n],
      ),
    );

  it('signs a customer in, shows the offer, records its click and accept, and links to the campaign’s progress', async () => {
    const { page } = stack;
    await page.goto('/demo/site');
    await page.getByRole('button', { name: /李娜/ }).click();
    const offer = page.getByRole('article', { name: '家庭保障组合' });
    await offer.waitFor();
    await expect(offer.innerText()).resolves.toContain('李娜');
    await stack.shot('offer');
    await offer.getByRole('link', { name: '了解详情' }).click();
    await page.getByRole('status').getByText('已记录点击', { exact: false }).waitFor();
    await offer.getByRole('button', { name: /立即办理/ }).click();
    const progress = page.getByRole('link', { name: /查看活动进度/ });
    await progress.waitFor();
    await stack.shot('accepted');

    await expect(eventually(async () => {
      const counts = await eventsOf();
      return counts.responded && counts.clicked ? counts : undefined;
    })).resolves.toEqual({ sent: 1, opened: 1, clicked: 1, responded: 1 });
    const [lead] = await stack.db.query(`SELECT status FROM leads WHERE campaign_id = $1`, [campaignId]);
    expect(lead.status).toBe('new');

    await logInAs(page, 'planner.site', FIXTURE_PASSWORD);
    await page.goto(`/campaigns/${campaignId}`);
    await page.getByRole('tab', { name: '执行进度' }).click();
    const step = page.getByTestId('progress-step-1');
    await step.getByTestId('count-sent').waitFor();
    await expect(step.getByTestId('count-sent').innerText()).resolves.toContain('1');
    await stack.shot('progress');
  });

  it('lists the lead for the customer’s branch, whose executor moves it on', async () => {
    const { page, db } = stack;
    await page.context().clearCookies();
    await logInAs(page, 'executor.site', FIXTURE_PASSWORD);
    await page.goto('/leads');
    await page.getByRole('link', { name: '李娜' }).waitFor();
    const [lead] = await db.query(`SELECT id::int FROM leads WHERE campaign_id = $1`, [campaignId]);
    await page.getByRole('button', { name: '将 李娜 的线索标为已联系' }).click();
    await expect(eventually(async () => {
      const [row] = await db.query(`SELECT status FROM leads WHERE id = $1`, [lead.id]);
      return row.status === 'contacted' ? row.status : undefined;
    })).resolves.toBe('contacted');
    await stack.shot('leads');
  });
});
