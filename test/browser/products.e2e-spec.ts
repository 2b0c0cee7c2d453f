import { createFixtureOrg, createProducts, createUser, FIXTURE_PASSWORD } from '../support/fixtures';
import { BrowserStack, logInAs, startBrowserStack } from './browser';

describe('Product catalogue page in the browser', () => {
  let stack: BrowserStack;

  beforeAll(async () => {
    stack = await startBrowserStack('products');
    const org = await createFixtureOrg(stack.db);
    await createProducts(stack.db);
    await createUser(stack.db, 'admin.prov', org.province, ['admin']);
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('adds a product through the form and shows it in the table', async () => {
    const { page } = stack;
    await logInAs(page, 'admin.prov', FIXTURE_PASSWORD);
    await page.locator('.ant-layout-sider').getByText('产品目录', { exact: true }).click();
    await page.locator('.ant-table-row', { hasText: 'JQX' }).waitFor();
    await page.getByRole('button', { name: '新建产品' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('产品代码').fill('ywx_senior');
    await dialog.getByLabel('产品名称').fill('老年意外险');
    await dialog.getByLabel('英文名称').fill('Senior accident cover');
    await dialog.getByLabel('险种').click();
    await page.locator('.ant-select-item-option', { hasText: '意外险' }).click();
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    const row = page.locator('.ant-table-row', { hasText: 'YWX_SENIOR' });
    await row.waitFor();
    const text = await row.innerText();
    expect(text).toContain('老年意外险');
    expect(text).toContain('Senior accident cover');
    expect(text).toContain('意外险');
    expect(text).toContain('在售');
    await stack.shot('created');
  });

  it('edits a product in the form and shows the change', async () => {
    const { page } = stack;
    await page.locator('.ant-table-row', { hasText: 'YWX_SENIOR' }).getByRole('button', { name: /编\s*辑/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('在售').click();
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await page.locator('.ant-table-row', { hasText: 'YWX_SENIOR' }).getByText('停售').waitFor();
    await stack.shot('edited');
  });
});
