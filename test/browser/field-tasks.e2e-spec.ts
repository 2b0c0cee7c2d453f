import { FieldTaskGenerator } from '@lib/channels';
import { createCustomer, createFixtureOrg, createPolicy, createProducts, createUser, FIXTURE_PASSWORD } from '../support/fixtures';
import { createPools, localToday } from '../support/email-campaign';
import { launchedFieldCampaign, visitsAllowedNow } from '../support/field-campaign';
import { BrowserStack, logInAs, startBrowserStack } from './browser';

describe('The branch task board in the browser', () => {
  let stack: BrowserStack;
  let customerId: number;

  beforeAll(async () => {
    stack = await startBrowserStack('field-tasks');
    const { app, db } = stack;
    const org = await createFixtureOrg(db);
    await createProducts(db);
    const plannerId = await createUser(db, 'planner.board', org.province, ['campaign_manager']);
    const reviewerId = await createUser(db, 'reviewer.board', org.province, ['reviewer']);
    await createUser(db, 'executor.board', org.countyA1, ['branch_executor']);
    await createPools(app, db, org.province, reviewerId);
    await visitsAllowedNow(app, db);
    customerId = await createCustomer(db, org.countyA1, { name: '张伟', gender: 'M', consent_agent_visit: true });
    await launchedFieldCampaign(app, db, {
      ownerId: plannerId,
      owningUnitId: org.province,
      branchIds: [org.countyA1],
      customerIds: [customerId],
      dailyCapacity: 10,
      targets: { contacts: 10, conversions: 2, premium: 2000 },
    });
    await app.get(FieldTaskGenerator).generate();
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('assigns a task to the executor and closes it as sold', async () => {
    const { page, db } = stack;
    await logInAs(page, 'executor.board', FIXTURE_PASSWORD);
    await page.locator('.ant-layout-sider').getByText('走访任务', { exact: true }).click();
    await page.getByTestId('task-board').getByText('张伟', { exact: false }).waitFor();
    await page.getByRole('combobox', { name: '走访人员 张伟' }).click();
    await page.locator('.ant-select-item-option', { hasText: 'executor.board' }).click();
    await page.getByText('已分配').waitFor();
    await stack.shot('assigned');

    const [task] = await db.query(`SELECT contact_id::int FROM field_tasks`);
    await page.getByTestId(`record-${task.contact_id}`).click();
    expect(await page.getByTestId('visit-script').innerText()).toContain('拜访对象：张伟');
    await page.getByLabel('走访结果').click();
    await page.locator('.ant-select-item-option', { hasText: '成交' }).click();
    await createPolicy(db, customerId, 'JCX', { policy_no: 'P-VISIT-0001', premium: 980, start_date: localToday() });
    await page.getByTestId('visit-policy-no').fill('P-VISIT-0001');
    await page.getByTestId('visit-premium').fill('980');
    await page.getByTestId('record-visit').click();
    await page.getByText('已记录', { exact: true }).waitFor();
    await page.getByTestId('task-board').getByText('已完成：成交', { exact: false }).waitFor();
    const [done] = await db.query(`SELECT state, outcome, policy_no, premium::text FROM field_tasks`);
    expect(done).toEqual({ state: 'done', outcome: 'sold', policy_no: 'P-VISIT-0001', premium: '980.00' });
    await page.getByTestId('daily-view').getByText('1 / 目标 2').waitFor();
    // Premium reads as money, like every other sum on the pages.
    await page.getByTestId('daily-view').getByText(/^¥980\.00 \/ 目标 ¥[\d,]+\.\d{2}$/).waitFor();
    await stack.shot('sold');
  });
});
