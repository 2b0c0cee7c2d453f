import { CallListGenerator } from '@lib/channels';
import { createCustomer, createFixtureOrg, createPolicy, createProducts, createUser, FIXTURE_PASSWORD } from '../support/fixtures';
import { createPools, localToday } from '../support/email-campaign';
import { launchedCallCampaign, localTimeIn, phoneQuietHours } from '../support/call-campaign';
import { BrowserStack, logInAs, startBrowserStack } from './browser';

describe('The call desk in the browser', () => {
  let stack: BrowserStack;
  let customerId: number;

  beforeAll(async () => {
    stack = await startBrowserStack('calls');
    const { app, db } = stack;
    const org = await createFixtureOrg(db);
    await createProducts(db);
    const plannerId = await createUser(db, 'planner.desk', org.province, ['campaign_manager']);
    const reviewerId = await createUser(db, 'reviewer.desk', org.province, ['reviewer']);
    await createUser(db, 'agent.desk', org.countyA1, ['call_agent']);
    await createPools(app, db, org.province, reviewerId);
    await phoneQuietHours(app, db, localTimeIn(6), localTimeIn(7));
    customerId = await createCustomer(db, org.countyA1, { name: '李红', gender: 'F' });
    await createPolicy(db, customerId, 'SYX');
    const [bundle] = await db.query(
      `INSERT INTO bundles (code, name, product_codes, price, discount_pct, eligibility_rule, valid_from, valid_to, talking_points, objections,
                            short_text, owner_org_unit_id, created_by)
       VALUES ('HOME_SAFE', '安居组合', '{SYX,JCX}', 1280, 10, '{"type":"group","op":"all","children":[]}', '2026-01-01', '2027-12-31',
               '{车险客户家财八折,一次投保全年安心}', '[{"objection":"太贵了","answer":"每天不到四元"}]', '车险+家财一站配齐', $1, $2) RETURNING id`,
      [org.province, plannerId],
    );
    await launchedCallCampaign(app, db, {
      ownerId: plannerId,
      owningUnitId: org.province,
      branchIds: [org.cityA],
      customerIds: [customerId],
      dailyCapacity: 20,
      bundleId: bundle.id,
    });
    await app.get(CallListGenerator).generate();
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('works a call with a callback, and later the same call to a conversion', async () => {
    const { page, db } = stack;
    await logInAs(page, 'agent.desk', FIXTURE_PASSWORD);
    await page.locator('.ant-layout-sider').getByText('坐席工作台', { exact: true }).click();
    await page.getByTestId('next-call').click();
    await page.getByTestId('call-customer').getByText('客户：李红').waitFor();
    expect(await page.getByTestId('call-script').innerText()).toContain('您好，请问是李红女士吗？');
    await page.getByText('机动车商业保险').waitFor();
    await page.getByText('组合价格：¥1,152.00').waitFor();
    const script = await page.getByTestId('call-script').innerText();
    expect(script).toContain('车险客户家财八折');
    expect(script).toContain('客户说：“太贵了” 回答：每天不到四元');
    await stack.shot('call');

    await page.getByLabel('呼叫结果').click();
    await page.locator('.ant-select-item-option', { hasText: '约定回拨' }).click();
    // A datetime-local field takes the browser's wall-clock time, which is this process's.
    const later = new Date(Date.now() + 2 * 3_600_000 - new Date().getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    await page.getByTestId('callback-at').fill(later);
    await page.getByLabel('备注').fill('客户开会，两小时后再打');
    await page.getByTestId('record-disposition').click();
    await page.getByTestId('callbacks').getByText('李红').waitFor();
    await page.getByTestId('callbacks').getByText('客户开会，两小时后再打').waitFor();
    await stack.shot('callback');

    // The callback's time comes: it returns to this agent.
    await db.query(`UPDATE call_list_entries SET due_at = now() - interval '1 second'`);
    await page.getByTestId('next-call').click();
    await page.getByTestId('call-customer').getByText('客户：李红').waitFor();
    await page.getByLabel('呼叫结果').click();
    await page.locator('.ant-select-item-option', { hasText: '成交（填写保单号）' }).click();
    await createPolicy(db, customerId, 'JCX', { policy_no: 'P-DESK-0001', start_date: localToday() });
    await page.getByTestId('policy-no').fill('P-DESK-0001');
    await page.getByTestId('record-disposition').click();
    await page.getByText('已记录：成交（填写保单号）').waitFor();
    await page.getByTestId('callbacks').getByText('没有待回拨的电话。').waitFor();
    const [entry] = await db.query(`SELECT state, disposition, policy_no, calls FROM call_list_entries`);
    expect(entry).toEqual({ state: 'done', disposition: 'converted', policy_no: 'P-DESK-0001', calls: 2 });
    await stack.shot('converted');
  });
});
