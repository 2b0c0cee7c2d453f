import { runningCampaignWithResults } from '../support/evaluation-campaign';
import { createFixtureOrg, createUser, FIXTURE_PASSWORD, FixtureOrg } from '../support/fixtures';
import { call, login } from '../support/test-app';
import { BrowserStack, logInAs, startBrowserStack } from './browser';

/** What a reader of the English UI meets on the campaign and report pages, at 1280×800. */
describe('The campaign and report pages in English', () => {
  let stack: BrowserStack;
  let org: FixtureOrg;
  let campaignId: number;

  beforeAll(async () => {
    stack = await startBrowserStack('english-walk');
    const { app, db, page } = stack;
    await page.setViewportSize({ width: 1280, height: 800 });
    org = await createFixtureOrg(db);
    await db.query(`UPDATE org_units SET name_en = 'Jiangsu Branch' WHERE id = $1`, [org.province]);
    await db.query(`UPDATE org_units SET name_en = 'Jiangning Sub-branch' WHERE id = $1`, [org.countyA1]);
    const plannerId = await createUser(db, 'planner.walk', org.province, ['campaign_manager']);
    await createUser(db, 'executor.walk', org.countyA1, ['branch_executor']);
    ({ campaignId } = await runningCampaignWithResults(db, {
      ownerId: plannerId, owningUnitId: org.province, branchIds: [org.countyA1], startDate: '2026-11-01', endDate: '2026-12-31', name: '家财险交叉销售（英文）',
    }));
    const planner = await login(app, 'planner.walk', FIXTURE_PASSWORD);
    expect((await call(app, 'POST', `/api/campaigns/${campaignId}/moves/complete`, { token: planner, body: {} })).status).toBe(200);
  });

  afterAll(async () => {
    await stack?.close();
  });

  async function inEnglish(username: string): Promise<void> {
    const { page } = stack;
    // The login form is in the language last chosen, and logInAs fills it in Chinese.
    if (page.url().startsWith('http')) await page.evaluate("localStorage.removeItem('locale')");
    await logInAs(page, username, FIXTURE_PASSWORD);
    await page.locator('.ant-segmented').getByText('English', { exact: true }).click();
  }

  it('names the owning unit of a campaign in English, in the list and on its page', async () => {
    const { page } = stack;
    await inEnglish('planner.walk');
    await page.goto('/campaigns');
    const row = page.locator('.ant-table-row').filter({ hasText: '家财险交叉销售（英文）' });
    await row.getByText('Jiangsu Branch', { exact: true }).waitFor();
    await expect(row.getByText('江苏省分公司').count()).resolves.toBe(0);
    await stack.shot('campaigns');
    await page.goto(`/campaigns/${campaignId}`);
    await page.getByText('Owning unit: Jiangsu Branch').waitFor();
    // Its steps name the objective's file template, not only its bare reference.
    await page.getByRole('cell', { name: 'Standard template: Cross-sell (cross_sell)' }).first().waitFor();
    await stack.shot('campaign');
    await page.request.post('/api/auth/logout');
  });

  it('shows report statuses as labels, saves a draft with a changed figure and no explanation yet, and a refused draft names no field keys', async () => {
    const { page } = stack;
    stack.expectFailedRequest(/\/api\/evaluation-reports\/\d+$/, { status: 400, method: 'PUT' });
    await inEnglish('executor.walk');
    await page.goto('/evaluation-reports');
    await page.getByTestId('report-status').getByText('Draft', { exact: true }).waitFor();
    await stack.shot('my-reports');

    await page.getByTestId('report-list').getByText('家财险交叉销售（英文）', { exact: false }).click();
    await page.getByTestId('evaluation-form').waitFor();
    // A changed figure without its explanation, and required fields still empty: warnings, and the draft is saved.
    const contacts = page.locator('[data-field="contacts"]');
    await contacts.getByRole('textbox').fill('7');
    await contacts.getByTestId('form-field-warning').getByText('You changed the system figure: say why').waitFor();
    await page.locator('[data-field="summary"]').getByTestId('form-field-warning').getByText('is required').waitFor();
    await page.getByTestId('save-report').click();
    await page.locator('.ant-message').getByText('Draft saved').waitFor();
    await stack.shot('draft-with-warnings');

    // A count with decimals cannot be stored: the save is refused, at the field.
    await contacts.locator('input').fill('7.5');
    await contacts.getByTestId('form-field-problem').getByText('must be a whole number').waitFor();
    await page.getByTestId('save-report').click();
    const toast = page.locator('.ant-message').getByText('Problems to fix in the report: 1', { exact: true });
    await toast.waitFor();
    await expect(page.locator('.ant-message').innerText()).resolves.not.toMatch(/answers\.|explanations\./);
    await stack.shot('refused-draft');
  });

  it('fits the audience preview of a segment in the page at 1280 pixels, with the longest unit names and tiers', async () => {
    const { app, db, page } = stack;
    await createUser(db, 'segments.walk', org.province, ['segment_manager']);
    // 张家港 and 不服务 are the widest English unit name and tier the demo shows in a row.
    await db.query(`UPDATE org_units SET name_en = 'Zhangjiagang Sub-branch' WHERE id = $1`, [org.countyA1]);
    await db.query(`UPDATE customers SET value_tier = 'do_not_serve' WHERE org_unit_id = $1`, [org.countyA1]);
    const token = await login(app, 'segments.walk', FIXTURE_PASSWORD);
    const segment = await call(app, 'POST', '/api/segments', {
      token,
      body: { name: '江宁客户', kind: 'dynamic', rule: { type: 'condition', field: 'org_unit', operator: 'in_subtree', value: org.countyA1 } },
    });
    expect(segment.status).toBe(201);
    await page.request.post('/api/auth/logout');
    await inEnglish('segments.walk');
    await page.goto(`/segments/${segment.body.id}`);
    await page.locator('.audience-sample').getByText('Zhangjiagang Sub-branch').first().waitFor();
    await page.locator('.audience-sample').getByText('Do not serve').first().waitFor();
    await expect(page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')).resolves.toBe(0);
    await stack.shot('segment');
  });
});
