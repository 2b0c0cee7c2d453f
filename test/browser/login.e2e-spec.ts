import { createFixtureOrg, createUser, FIXTURE_PASSWORD } from '../support/fixtures';
import { BrowserStack, startBrowserStack } from './browser';

describe('Login in the browser', () => {
  let stack: BrowserStack;

  beforeAll(async () => {
    stack = await startBrowserStack('login');
    const org = await createFixtureOrg(stack.db);
    await createUser(stack.db, 'zhang.wei', org.province, ['campaign_manager']);
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('shows the API error for a wrong password and stays on the login page', async () => {
    const { page } = stack;
    stack.expectFailedRequest(/\/api\/auth\/login$/, { method: 'POST', status: 401 });
    await page.goto('/');
    await page.waitForURL('**/login');
    await page.getByLabel('用户名').fill('zhang.wei');
    await page.getByLabel('密码').fill('not-the-password');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    const error = page.getByTestId('login-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('用户名或密码错误');
    expect(page.url()).toContain('/login');
    await stack.shot('wrong-password');
  });

  it('lands on the home page with the user name, unit and role menu after the right password', async () => {
    const { page } = stack;
    await page.getByLabel('密码').fill(FIXTURE_PASSWORD);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByTestId('welcome').waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.getByTestId('welcome').textContent()).toContain('zhang.wei');
    expect(await page.getByTestId('current-user').textContent()).toContain('江苏省分公司');
    const menu = await page.locator('.ant-layout-sider .ant-menu').innerText();
    expect(menu).toContain('客户');
    expect(menu).not.toContain('用户');
    await stack.shot('home');
  });

  it('switches to English and remembers the choice after a reload', async () => {
    const { page } = stack;
    await page.getByText('English', { exact: true }).click();
    await page.getByText('Welcome, zhang.wei').waitFor();
    await page.reload();
    await page.getByText('Welcome, zhang.wei').waitFor();
    await stack.shot('home-english');
    await page.getByText('中文', { exact: true }).click();
  });

  it('logs out back to the login page', async () => {
    const { page } = stack;
    await page.getByTestId('current-user').hover();
    await page.getByText('退出登录').click();
    await page.waitForURL('**/login');
    await page.goto('/customers');
    await page.waitForURL('**/login?next=%2Fcustomers');
  });
});
