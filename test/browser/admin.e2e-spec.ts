import { createFixtureOrg, createUser, FIXTURE_PASSWORD } from '../support/fixtures';
import { BrowserStack, logInAs, startBrowserStack } from './browser';

describe('Admin pages in the browser', () => {
  let stack: BrowserStack;

  beforeAll(async () => {
    stack = await startBrowserStack('admin');
    const org = await createFixtureOrg(stack.db);
    await createUser(stack.db, 'admin.prov', org.province, ['admin']);
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('adds a county under a city in the org tree', async () => {
    const { page } = stack;
    await logInAs(page, 'admin.prov', FIXTURE_PASSWORD);
    await page.locator('.ant-layout-sider').getByText('机构', { exact: true }).click();
    await page.locator('.ant-tree').getByText('苏州分公司').click();
    await page.getByRole('button', { name: '新建下级机构' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('机构代码').fill('COUNTY_B2');
    await dialog.getByLabel('机构名称', { exact: true }).fill('常熟支公司');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await page.locator('.ant-tree').getByText('常熟支公司').waitFor();
    expect(await page.locator('.ant-descriptions').innerText()).toContain('区县支公司');
    await stack.shot('org-units');
  });

  it('shows the API’s field problem when a new user’s name is taken', async () => {
    const { page } = stack;
    stack.expectFailedRequest(/\/api\/users$/, { method: 'POST', status: 409 });
    await page.locator('.ant-layout-sider').getByText('用户', { exact: true }).click();
    await page.locator('.ant-table-row', { hasText: 'admin.prov' }).waitFor();
    await page.getByRole('button', { name: '新建用户' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('用户名').fill('admin.prov');
    await dialog.getByLabel('姓名').fill('重复的用户');
    await dialog.getByLabel('密码').fill('Secret2026');
    await dialog.locator('.ant-select-selector').first().click();
    await page.locator('.ant-select-tree').getByText('南京分公司').click();
    await dialog.getByLabel('角色').click();
    await page.locator('.ant-select-item-option', { hasText: '分析师' }).click();
    await dialog.locator('.ant-modal-title').click();
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.locator('.ant-alert-error').waitFor();
    await stack.shot('users-duplicate');
    await dialog.getByLabel('用户名').fill('wang.fang');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await page.locator('.ant-table-row', { hasText: 'wang.fang' }).waitFor();
    await stack.shot('users');
  });
});
