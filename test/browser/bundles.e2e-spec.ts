import { Locator, Page } from 'playwright-core';
import { createCustomer, createFixtureOrg, createPolicy, createProducts, createUser, FIXTURE_PASSWORD } from '../support/fixtures';
import { BrowserStack, logInAs, startBrowserStack } from './browser';

/** Opens an antd Select and picks the option with this label (typing first when the select is searchable). */
async function choose(page: Page, select: Locator, label: string): Promise<void> {
  await select.click();
  const search = select.locator('input.ant-select-selection-search-input');
  if (await search.isEditable().catch(() => false)) await search.fill(label);
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').last().getByTitle(label, { exact: true }).click();
}

async function previewCount(page: Page, count: number): Promise<void> {
  await page.locator(`[data-testid="audience-count"][data-count="${count}"]`).waitFor();
}

describe('Building a cross-sell bundle in the browser', () => {
  let stack: BrowserStack;

  beforeAll(async () => {
    stack = await startBrowserStack('bundles');
    const { db } = stack;
    const org = await createFixtureOrg(db);
    await createProducts(db);
    await createUser(db, 'zhou.xifen', org.province, ['segment_manager']);
    // Commercial motor holders without home property: two (one in each city); the third already has home cover.
    const a = await createCustomer(db, org.countyA1, { name: '钱志刚', value_tier: 'gold' });
    await createPolicy(db, a, 'SYX', { premium: 5200 });
    const b = await createCustomer(db, org.countyB1, { name: '冯丽华', value_tier: 'silver' });
    await createPolicy(db, b, 'SYX', { premium: 3900 });
    await createPolicy(db, b, 'JQX', { premium: 950 });
    const c = await createCustomer(db, org.countyA2, { name: '何建平' });
    await createPolicy(db, c, 'SYX', { premium: 3100 });
    await createPolicy(db, c, 'JCX', { premium: 280 });
    await createCustomer(db, org.countyA2, { name: '许婷' });
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('creates a bundle of two products with an eligibility rule and shows the eligible customers', async () => {
    const { page } = stack;
    await logInAs(page, 'zhou.xifen', FIXTURE_PASSWORD);
    await page.locator('.ant-layout-sider').getByText('交叉销售组合', { exact: true }).click();
    await page.waitForURL('**/bundles');
    await page.getByTestId('new-bundle').click();
    await page.waitForURL('**/bundles/new');

    await page.getByTestId('bundle-code').fill('auto_home');
    await page.getByTestId('bundle-name').fill('车险+家财 安居组合');
    const products = page.getByTestId('bundle-products');
    await choose(page, products, 'SYX 机动车商业保险');
    await choose(page, products, 'JCX 家庭财产保险');
    await page.keyboard.press('Escape');
    await page.getByTestId('bundle-price').fill('4800');

    const root = page.locator('[data-testid="rule-group"][data-path="eligibilityRule"]');
    await root.getByTestId('add-condition').first().click();
    const has = page.locator('[data-path="eligibilityRule.children[0]"]');
    await choose(page, has.getByTestId('rule-field'), '持有险种（有效保单）');
    await choose(page, has.getByTestId('rule-value'), '商业车险');
    await previewCount(page, 3);
    await root.getByTestId('add-condition').first().click();
    const lacks = page.locator('[data-path="eligibilityRule.children[1]"]');
    await choose(page, lacks.getByTestId('rule-field'), '持有险种（有效保单）');
    await choose(page, lacks.getByTestId('rule-operator'), '未持有');
    await choose(page, lacks.getByTestId('rule-value'), '家财险');
    await previewCount(page, 2);

    await page.getByRole('button', { name: '添加异议' }).click();
    await page.getByPlaceholder('客户异议').fill('我家房子不值钱，没必要买家财险');
    await page.getByPlaceholder('应答').fill('家财险保的不只是房子，还有装修和家电，每年不到三百元，和车险一起买还有九折优惠。');
    await stack.shot('editing');

    await page.getByTestId('save-bundle').click();
    await page.waitForURL(/\/bundles\/\d+$/);
    await page.getByTestId('bundle-title').getByText('车险+家财 安居组合').waitFor();
    // After saving, the count comes from GET /bundles/:id/eligible.
    await previewCount(page, 2);
    const preview = await page.getByTestId('audience-preview').innerText();
    expect(preview).toContain('钱志刚');
    expect(preview).toContain('冯丽华');
    await stack.shot('saved-with-eligible');

    const [bundle] = await stack.db.query(`SELECT code, product_codes FROM bundles`);
    expect(bundle).toEqual({ code: 'AUTO_HOME', product_codes: ['SYX', 'JCX'] });

    await page.locator('.ant-layout-sider').getByText('交叉销售组合', { exact: true }).click();
    await page.waitForURL('**/bundles');
    await page.getByRole('link', { name: '车险+家财 安居组合' }).waitFor();
    await stack.shot('list');
  });
});
