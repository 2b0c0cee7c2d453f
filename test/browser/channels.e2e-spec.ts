import { createCustomer, createFixtureOrg, createPolicy, createProducts, createUser, FIXTURE_PASSWORD, FixtureOrg } from '../support/fixtures';
import { approveCampaignThroughApi, daysFromToday } from '../support/approved-campaign';
import { call, loginNewUser } from '../support/test-app';
import { BrowserStack, logInAs, startBrowserStack } from './browser';

describe("The channel manager's overview in the browser", () => {
  let stack: BrowserStack;
  let org: FixtureOrg;
  const firstDay = daysFromToday(2);

  beforeAll(async () => {
    stack = await startBrowserStack('channels');
    const { db, app } = stack;
    org = await createFixtureOrg(db);
    await createProducts(db);
    await createPolicy(db, await createCustomer(db, org.countyA1), 'SYX');
    const segmentManager = await loginNewUser(app, 'sm.province', org.province, ['segment_manager']);
    const segment = await call(app, 'POST', '/api/segments', {
      token: segmentManager,
      body: { name: '商业车险客户', kind: 'dynamic', rule: { type: 'condition', field: 'holds_line', operator: 'has', value: 'motor_commercial' } },
    });
    const planner = await loginNewUser(app, 'cm.province', org.province, ['campaign_manager']);
    const reviewer = await loginNewUser(app, 'rv.province', org.province, ['reviewer']);
    await createUser(db, 'ch.province', org.province, ['channel_manager']);
    await createUser(db, 'ch.suzhou', org.cityB, ['channel_manager']);
    await call(app, 'POST', '/api/budget-pools', { token: reviewer, body: { fiscalYear: Number(firstDay.slice(0, 4)), orgUnitId: org.province, amount: '100000.00' } });
    await approveCampaignThroughApi(app, {
      planner,
      reviewer,
      segmentId: segment.body.id,
      name: '江宁车险客户家财险电话营销',
      budget: '20000.00',
      startDate: firstDay,
      endDate: daysFromToday(3),
      branchIds: [org.countyA1],
      dailyCalls: 150,
      callBranchIds: [org.countyA1],
    });
  });

  afterAll(async () => {
    await stack?.close();
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
