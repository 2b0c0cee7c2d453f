import { createFixtureOrg, createUser, FIXTURE_PASSWORD } from '../support/fixtures';
import { BrowserStack, logInAs, startBrowserStack } from './browser';

const HEADER =
  'customer_no,id_number,name,gender,birth_date,mobile,email,city,org_unit_code,consent_email,consent_phone,consent_sms,consent_agent_visit,do_not_contact';
// Line 3 (the header is line 1) has a birth date that does not exist.
const CSV = [
  HEADER,
  'B00000001,320102198001011234,赵敏,F,1980-01-01,13900000001,zhao@example.com,南京,COUNTY_A1,true,true,true,false,false',
  'B00000002,320102198502021234,钱伟,M,1985-13-40,13900000002,qian@example.com,南京,COUNTY_A1,true,false,true,false,false',
  'B00000003,320102199003031234,孙丽,F,1990-03-03,13900000003,sun@example.com,南京,CITY_A,false,true,true,true,false',
].join('\n');

describe('Customer import with a bad row in the browser', () => {
  let stack: BrowserStack;

  beforeAll(async () => {
    stack = await startBrowserStack('imports', { worker: true });
    const org = await createFixtureOrg(stack.db);
    await createUser(stack.db, 'import.clerk', org.cityA, ['branch_executor']);
  });

  afterAll(async () => {
    await stack?.close();
  });

  async function uploadAndWait(expectedStatus: string): Promise<void> {
    const { page } = stack;
    await page.locator('input[type=file]').setInputFiles({ name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV, 'utf8') });
    const progress = page.getByTestId('import-progress');
    await progress.getByTestId('import-status').filter({ hasText: expectedStatus }).waitFor({ timeout: 30000 });
  }

  it('rejects the whole file in all-or-nothing mode and lists the bad line with its reason', async () => {
    const { page } = stack;
    await logInAs(page, 'import.clerk', FIXTURE_PASSWORD);
    await page.locator('.ant-layout-sider').getByText('数据导入', { exact: true }).click();
    await page.waitForURL('**/imports');
    // The page's code loads after the URL changes; the shot waits for its upload card.
    await page.getByText('新建导入', { exact: true }).waitFor();
    await stack.shot('form');

    await uploadAndWait('已拒绝');
    const rejections = page.getByTestId('rejections');
    await rejections.locator('.ant-table-row').first().waitFor();
    const rows = rejections.locator('.ant-table-row');
    expect(await rows.count()).toBe(1);
    const cells = await rows.first().locator('td').allInnerTexts();
    expect(cells[0]).toBe('3');
    // The page uploads in its own language, so the reason comes in Chinese.
    expect(cells[1]).toContain('出生日期');
    expect(await page.getByTestId('import-counts').innerText()).toMatch(/新增\s*0/);
    await stack.shot('all-or-nothing-rejected');
  });

  it('imports the good rows in good-rows mode and reports the one rejected row', async () => {
    const { page } = stack;
    await page.getByText('导入合格行').click();
    await uploadAndWait('已完成');
    const counts = await page.getByTestId('import-counts').innerText();
    expect(counts).toMatch(/拒绝\s*1/);
    expect(counts).toMatch(/新增\s*2/);
    const rejections = page.getByTestId('rejections');
    await rejections.locator('.ant-table-row').first().waitFor();
    expect(await rejections.locator('.ant-table-row td').first().innerText()).toBe('3');
    await page.locator('.ant-table-row', { hasText: 'customers.csv' }).nth(1).waitFor();
    await stack.shot('good-rows-succeeded');
  });
});
