import { createCustomer, createFixtureOrg, createPolicy, createProducts, createUser, FIXTURE_PASSWORD } from '../support/fixtures';
import { BrowserStack, logInAs, startBrowserStack } from './browser';

describe('Customer look-up in the browser', () => {
  let stack: BrowserStack;

  beforeAll(async () => {
    stack = await startBrowserStack('customers');
    const { db } = stack;
    const org = await createFixtureOrg(db);
    await createProducts(db);
    await createUser(db, 'li.na', org.cityA, ['branch_executor']);
    const wang = await createCustomer(db, org.countyA1, { name: '王建国', customer_no: 'C00000001', city: '南京' });
    await createPolicy(db, wang, 'JQX', { policy_no: 'PJQX2026000001', premium: 950 });
    await createPolicy(db, wang, 'SYX', { policy_no: 'PSYX2026000001', premium: 3280.5 });
    await createCustomer(db, org.countyA2, { name: '王丽', customer_no: 'C00000002' });
    await createCustomer(db, org.countyB1, { name: '王建国', customer_no: 'C00000003' });
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
});
