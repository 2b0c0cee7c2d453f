import { resolve } from 'node:path';
import { BundleService, NextBestOfferService, type NextBestOfferView } from '@lib/offers';
import type { RuleGroup } from '@lib/segments/rule';
import { createCustomer, createFixtureOrg, createPolicy, createProducts, createUser, FIXTURE_PASSWORD, scopeOf } from '../support/fixtures';
import { runningCampaignWithResults } from '../support/evaluation-campaign';
import { BrowserStack, logInAs, startBrowserStack } from './browser';

const motorWithoutHome: RuleGroup = {
  type: 'group',
  op: 'all',
  children: [
    { type: 'condition', field: 'holds_line', operator: 'has', value: 'motor_commercial' },
    { type: 'condition', field: 'holds_line', operator: 'lacks', value: 'home' },
  ],
};

describe('Customer look-up in the browser', () => {
  let stack: BrowserStack;
  let wang: number;
  /** What the server recommends for wang, to compare with what the page shows. */
  let offers: NextBestOfferView[];

  beforeAll(async () => {
    stack = await startBrowserStack('customers');
    const { app, db } = stack;
    const org = await createFixtureOrg(db);
    await createProducts(db);
    await createUser(db, 'li.na', org.cityA, ['branch_executor']);
    const planner = await createUser(db, 'sm.province', org.province, ['segment_manager']);
    wang = await createCustomer(db, org.countyA1, { name: '王建国', customer_no: 'C00000001', city: '南京' });
    await createPolicy(db, wang, 'JQX', { policy_no: 'PJQX2026000001', premium: 950, start_date: '2020-01-01', end_date: '2099-12-31' });
    await createPolicy(db, wang, 'SYX', { policy_no: 'PSYX2026000001', premium: 3280.5, start_date: '2020-01-01', end_date: '2099-12-31' });
    await createCustomer(db, org.countyA2, { name: '王丽', customer_no: 'C00000002' });
    await createCustomer(db, org.countyB1, { name: '王建国', customer_no: 'C00000003' });

    // A province bundle wang is eligible for (commercial motor, no home cover), as a segment manager saves it.
    await app.get(BundleService).create(await scopeOf(db, org.province), planner, {
      code: 'MOTOR_HOME',
      name: '车险+家财 安居组合',
      productCodes: ['SYX', 'JCX'],
      price: 4600,
      discountPct: 12,
      eligibilityRule: motorWithoutHome,
      validFrom: '2020-01-01',
      validTo: '2099-12-31',
      guidance: { talkingPoints: ['车和家一起保障'], objections: [], shortText: '车险客户加一份家财险，组合价立减 12%。' },
    });
    offers = await app.get(NextBestOfferService).forCustomer(await scopeOf(db, org.cityA), wang);
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('finds a customer by name within the user’s units and opens the single view with the policies', async () => {
    const { page } = stack;
    await logInAs(page, 'li.na', FIXTURE_PASSWORD);
    await page.locator('.ant-layout-sider').getByText('客户', { exact: true }).click();
    await page.waitForURL('**/customers');
    await page.getByPlaceholder('客户号 / 姓名 / 手机号').fill('王建国');
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await page.waitForURL('**/customers?q=*');

    // The namesake in the Suzhou branch is outside li.na's unit, so exactly one row remains.
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    await rows.first().waitFor();
    await page.waitForFunction("document.querySelectorAll('.ant-table-tbody tr.ant-table-row').length === 1");
    expect(await rows.first().innerText()).toContain('C00000001');
    await stack.shot('search');

    await rows.first().getByRole('link', { name: '王建国' }).click();
    await page.waitForURL('**/customers/*');
    await page.getByTestId('customer-name').waitFor();
    const policies = page.getByTestId('policies');
    await policies.getByText('PSYX2026000001').waitFor();
    expect(await policies.innerText()).toContain('PJQX2026000001');
    expect(await policies.innerText()).toContain('3,280.50');
    await stack.shot('single-view');

    await page.getByRole('button', { name: /返\s*回/ }).click();
    await page.waitForURL('**/customers?q=*');
    expect(await page.getByPlaceholder('客户号 / 姓名 / 手机号').inputValue()).toBe('王建国');
  });

  it('shows the next best offers of a customer with an eligible bundle, with the reason in the reader’s language', async () => {
    const { page } = stack;
    expect(offers.map((offer) => offer.code)).toEqual(['MOTOR_HOME']);
    const [offer] = offers;
    await page.goto(`/customers/${wang}`);
    const card = page.getByTestId('next-best-offers');
    await card.getByText('车险+家财 安居组合').waitFor();
    const reason = card.getByTestId('offer-reason');
    expect(await reason.innerText()).toBe(offer.reason.zh);
    expect(offer.reason.zh).toContain('商业车险');
    expect(await card.innerText()).toContain(`¥${Math.round(offer.expectedValue).toLocaleString('en-US')}`);
    await stack.shot('next-best-offers');

    await page.getByText('English', { exact: true }).click();
    await card.getByText(offer.reason.en).waitFor();
    expect(offer.reason.en).toContain('commercial motor');
    await page.getByText('中文', { exact: true }).click();
    await reason.getByText(offer.reason.zh).waitFor();
  });

  it('says in words why a contact failed, was not answered or went to the dead letters', async () => {
    const { page, db } = stack;
    const [{ id: owner }] = await db.query(`SELECT id FROM users WHERE username = 'sm.province'`);
    const [{ id: unit }] = await db.query(`SELECT org_unit_id AS id FROM customers WHERE id = $1`, [wang]);
    const { campaignId } = await runningCampaignWithResults(db, {
      ownerId: owner, owningUnitId: unit, branchIds: [unit], startDate: '2026-11-01', endDate: '2099-12-31', name: '接触记录活动',
    });
    await db.query(
      `INSERT INTO contact_events (event_id, occurred_at, campaign_id, customer_id, org_unit_id, channel, event_type, reason)
       SELECT gen_random_uuid(), now() - make_interval(mins => n), $1, $2, $3, channel, event_type, reason
         FROM (VALUES (1, 'email', 'failed', 'dead_letter:connection'), (2, 'email', 'bounced', 'smtp_550'), (3, 'phone', 'called', 'no_answer'))
              AS e(n, channel, event_type, reason)`,
      [campaignId, wang, unit],
    );
    await page.goto(`/customers/${wang}`);
    const history = page.getByTestId('contact-history');
    await history.getByText('无法连接邮件服务器，已转入发送失败待处理').waitFor();
    await history.getByText('邮件服务器拒收（550）').waitFor();
    await history.getByText('无人接听').waitFor();
    await page.getByText('English', { exact: true }).click();
    await history.getByText('Could not reach the mail server; moved to the dead letters').waitFor();
    expect(await history.innerText()).not.toMatch(/dead_letter|smtp_550|no_answer/);
    await page.getByText('中文', { exact: true }).click();
    await history.getByText('无人接听').waitFor();
  });

  it('shows a message in place of a page that fails, and keeps the menu working', async () => {
    // Its own tab, because React reports the page's failure as a console error, which the stack's page treats as a fault.
    const context = stack.page.context();
    await context.request.post('/api/auth/login', { data: { username: 'li.na', password: FIXTURE_PASSWORD } });
    const tab = await context.newPage();
    const consoleErrors: string[] = [];
    const uncaught: Error[] = [];
    tab.on('console', (message) => message.type() === 'error' && consoleErrors.push(message.text()));
    tab.on('pageerror', (error) => uncaught.push(error));
    try {
      // An answer of a shape the page does not expect (a name in both languages where it renders a string),
      // the kind of drift that once blanked the whole app.
      await tab.route('**/api/customers/*/next-best-offers', (route) =>
        route.fulfill({ json: [{ ...offers[0], name: { zh: '车险+家财 安居组合', en: 'Motor and home' } }] }),
      );
      await tab.goto(`/customers/${wang}`);
      const failure = tab.getByTestId('page-error');
      await failure.getByText('此页面出错了').waitFor();
      await tab.screenshot({ path: resolve(__dirname, '../artifacts/customers-page-error.png'), fullPage: true });
      await expect(failure.getByRole('button', { name: '重新加载' }).isVisible()).resolves.toBe(true);
      await expect(tab.getByTestId('current-user').isVisible()).resolves.toBe(true);
      expect(uncaught).toEqual([]);
      // React reports the failure (#31, an object rendered as a child; minified in the production build).
      expect(consoleErrors.some((text) => /Objects are not valid as a React child|React error #31/.test(text))).toBe(true);

      // The shell still works: the menu opens another page, which renders normally.
      await tab.locator('.ant-layout-sider').getByText('客户', { exact: true }).click();
      await tab.waitForURL('**/customers');
      await tab.getByPlaceholder('客户号 / 姓名 / 手机号').waitFor();
      await expect(failure.count()).resolves.toBe(0);
    } finally {
      await tab.close();
    }
  });
});
