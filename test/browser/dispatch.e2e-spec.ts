import { CampaignLaunchService } from '@lib/dispatch';
import { createCustomer, createFixtureOrg, createUser, FIXTURE_PASSWORD } from '../support/fixtures';
import { createPools, scheduledEmailCampaign } from '../support/email-campaign';
import { BrowserStack, logInAs, startBrowserStack } from './browser';

describe('Campaign progress and dead letters in the browser', () => {
  let stack: BrowserStack;
  let campaignId: number;

  beforeAll(async () => {
    stack = await startBrowserStack('dispatch');
    const { db, app } = stack;
    const org = await createFixtureOrg(db);
    const plannerId = await createUser(db, 'planner.progress', org.province, ['campaign_manager']);
    const reviewerId = await createUser(db, 'reviewer.progress', org.province, ['reviewer']);
    await createUser(db, 'channel.progress', org.province, ['channel_manager']);
    await createPools(app, db, org.province, reviewerId);
    const customerIds: number[] = [];
    for (let i = 0; i < 8; i += 1) customerIds.push(await createCustomer(db, i < 5 ? org.countyA1 : org.countyB1));
    const campaign = await scheduledEmailCampaign(app, db, {
      ownerId: plannerId,
      reviewerId,
      owningUnitId: org.province,
      branchIds: [org.cityA, org.cityB],
      customerIds,
      templateRef: 'cross_sell',
    });
    campaignId = campaign.campaignId;
    await app.get(CampaignLaunchService).launch(campaignId, { seed: 3 });
    // What a send leaves behind, written as the pipeline writes it: sent, skipped and dead contacts.
    const contacts: { id: string }[] = await db.query(`SELECT id FROM contacts WHERE campaign_id = $1 ORDER BY id`, [campaignId]);
    const ids = contacts.map((row) => Number(row.id));
    await db.query(`UPDATE contacts SET status = 'sent', sent_at = now() WHERE id = ANY($1::bigint[])`, [ids.slice(0, 5)]);
    await db.query(`UPDATE contacts SET status = 'skipped', skip_reason = 'cap_7d' WHERE id = $1`, [ids[5]]);
    await db.query(`UPDATE contacts SET status = 'dead', attempts = 5, last_error = '421 4.7.0 Try again later' WHERE id = ANY($1::bigint[])`, [
      ids.slice(6),
    ]);
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('shows a running campaign’s progress per step and branch', async () => {
    const { page } = stack;
    await logInAs(page, 'planner.progress', FIXTURE_PASSWORD);
    await page.goto(`/campaigns/${campaignId}`);
    await page.getByRole('tab', { name: '执行进度' }).click();
    const step = page.getByTestId('progress-step-1');
    await step.getByTestId('step-state').waitFor();
    await expect(step.getByTestId('count-sent').innerText()).resolves.toContain('5');
    await expect(step.innerText()).resolves.toContain('7天接触次数已满 1');
    await expect(step.innerText()).resolves.toContain('江宁支公司');
    await stack.shot('campaign-progress');
  });

  it('lets a channel manager send dead letters again', async () => {
    const { page } = stack;
    await page.context().clearCookies();
    await logInAs(page, 'channel.progress', FIXTURE_PASSWORD);
    await page.goto('/dead-letters');
    await page.getByText('421 4.7.0 Try again later').first().waitFor();
    await stack.shot('dead-letters');
    await page.getByRole('checkbox').first().check();
    await page.getByTestId('retry-dead-letters').click();
    await page.getByText('已重新安排 2 个联系人').waitFor();
    const [left] = await stack.db.query(`SELECT count(*)::int AS n FROM contacts WHERE campaign_id = $1 AND status = 'dead'`, [campaignId]);
    expect(left.n).toBe(0);
  });
});
