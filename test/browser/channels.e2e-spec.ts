import { createFixtureOrg, createUser, FIXTURE_PASSWORD, FixtureOrg } from '../support/fixtures';
import { daysFromToday, jiangningCallsBooked } from '../support/approved-campaign';
import { runningCampaignWithResults } from '../support/evaluation-campaign';
import { BrowserStack, logInAs, startBrowserStack } from './browser';

describe("The channel manager's overview in the browser", () => {
  let stack: BrowserStack;
  let org: FixtureOrg;
  const firstDay = daysFromToday(2);

  beforeAll(async () => {
    stack = await startBrowserStack('channels');
    const { db, app } = stack;
    org = await createFixtureOrg(db);
    await jiangningCallsBooked(app, db, org, firstDay, daysFromToday(3));
    await createUser(db, 'ch.suzhou', org.cityB, ['channel_manager']);
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('opens a running step’s campaign on its results dashboard, the campaign page the channel manager may read', async () => {
    const { page, db } = stack;
    const [{ id: ownerId }] = await db.query(`SELECT id FROM users WHERE username = 'cm.province'`);
    const { campaignId } = await runningCampaignWithResults(db, {
      ownerId, owningUnitId: org.province, branchIds: [org.countyA1], startDate: daysFromToday(-5), endDate: daysFromToday(20), name: '渠道总览中的活动',
    });
    await logInAs(page, 'ch.province', FIXTURE_PASSWORD);
    await page.goto('/channels');
    await page.getByRole('tab', { name: '电子邮件' }).click();
    const link = page.getByTestId('channel-email').getByRole('link', { name: /渠道总览中的活动/ });
    await link.waitFor();
    await stack.shot('running-step');
    await link.click();
    await page.waitForURL(`**/analytics/campaigns/${campaignId}`);
    await page.getByRole('heading', { level: 1, name: /渠道总览中的活动/ }).waitFor();
    await expect(page.getByText('您的角色不使用此页面').count()).resolves.toBe(0);
    await stack.audit();
    await page.context().clearCookies();
  });

  it('shows each channel’s booked capacity by day and branch, its rules and links to templates and dead letters; a branch sees only its own', async () => {
    const { page } = stack;
    await logInAs(page, 'ch.province', FIXTURE_PASSWORD);
    await page.locator('.ant-layout-sider').getByText('渠道总览', { exact: true }).click();
    await page.waitForURL('**/channels');
    await page.getByRole('tab', { name: '电话' }).click();
    const phone = page.getByTestId('channel-phone');
    await phone.getByRole('row', { name: new RegExp(`${firstDay}.*江宁支公司.*150`) }).waitFor();
    await expect(phone.getByText('21:00–09:00').count()).resolves.toBe(1);
    await expect(phone.getByRole('link', { name: '查看与预览模板' }).getAttribute('href')).resolves.toBe('/templates');
    await expect(phone.getByRole('link', { name: /^0 个，查看$/ }).getAttribute('href')).resolves.toBe('/dead-letters');
    await stack.audit();

    await page.context().clearCookies();
    await logInAs(page, 'ch.suzhou', FIXTURE_PASSWORD);
    await page.goto('/channels');
    await page.getByRole('tab', { name: '电话' }).click();
    await page.getByTestId('channel-phone').getByText('所选日期内没有预订或接触。').waitFor();
  });
});
