import { createFixtureOrg, createUser, FIXTURE_PASSWORD } from '../support/fixtures';
import { BrowserStack, logInAs, startBrowserStack } from './browser';

/** antd puts a space between the two characters of a Chinese button label. */
const button = (label: string) => new RegExp(`^${[...label].join('\\s*')}$`);

describe('Margin rates in the browser', () => {
  let stack: BrowserStack;

  beforeAll(async () => {
    stack = await startBrowserStack('margin-rates');
    const org = await createFixtureOrg(stack.db);
    await createUser(stack.db, 'cm.province', org.province, ['campaign_manager']);
    await createUser(stack.db, 'cm.city', org.cityA, ['campaign_manager']);
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('lets a province planner change a rate, refusing one above 100 at the field', async () => {
    const { page } = stack;
    await logInAs(page, 'cm.province', FIXTURE_PASSWORD);
    await page.locator('.ant-layout-sider').getByText('产品线利润率', { exact: true }).click();
    await page.waitForURL('**/analytics/margin-rates');
    const home = page.getByTestId('margin-rate-home');
    await expect(home.inputValue()).resolves.toBe('30.00');
    await stack.audit();

    await home.fill('101');
    await page.getByTestId('save-margin-rates').click();
    await page.getByText('0 到 100 之间，最多两位小数').waitFor();
    await home.fill('35.5');
    await page.getByRole('button', { name: button('保存') }).click();
    await page.getByText('已保存').waitFor();
    await expect(home.inputValue()).resolves.toBe('35.50');
    await stack.shot('province-saved');
    const [row] = await stack.db.query(`SELECT rate_pct::text FROM margin_rates WHERE product_line = 'home'`);
    expect(row.rate_pct).toBe('35.50');
  });

  it('shows a city planner the rates without letting them change one', async () => {
    const { page } = stack;
    await page.context().clearCookies();
    await logInAs(page, 'cm.city', FIXTURE_PASSWORD);
    await page.goto('/analytics/margin-rates');
    await expect(page.getByTestId('margin-rate-home').inputValue()).resolves.toBe('35.50');
    await expect(page.getByTestId('margin-rate-home').isDisabled()).resolves.toBe(true);
    await expect(page.getByTestId('save-margin-rates').count()).resolves.toBe(0);
    await stack.audit();
  });
});
