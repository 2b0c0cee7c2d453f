import { execFileSync } from 'node:child_process';
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

  async function uploadAndWait(expectedStatus: string, file = { name: 'customers.csv', buffer: Buffer.from(CSV, 'utf8') }): Promise<void> {
    const { page } = stack;
    await page.locator('input[type=file]').setInputFiles({ ...file, mimeType: 'text/csv' });
    // The card of this upload (by its file name), not the one of the import before it.
    const progress = page.getByTestId('import-progress').filter({ hasText: file.name });
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

  it('imports a GBK file as Excel saves it and shows that it was converted', async () => {
    const { page } = stack;
    // Real GB18030 bytes (the system's iconv encodes), with a Chinese header and names that are valid UTF-8 too.
    const gbk = execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: '客户号,姓名,机构代码\nB00000010,郑卢,COUNTY_A1\n' });
    await uploadAndWait('已完成', { name: 'gbk.csv', buffer: gbk });
    await page.getByTestId('import-progress').getByTestId('import-encoding').filter({ hasText: 'GBK/GB18030 编码，已转换' }).waitFor();
    expect(await page.getByTestId('import-counts').innerText()).toMatch(/新增\s*1/);
    await stack.shot('gbk-converted');
  });

  it('offers a failed import to be run again, and runs it with the file it kept', async () => {
    const { page } = stack;
    const openQuote = Buffer.from('customer_no,name,org_unit_code\nB00000011,"' + 'x'.repeat(1_100_000) + '\n');
    await uploadAndWait('失败', { name: 'open-quote.csv', buffer: openQuote });
    const progress = page.getByTestId('import-progress');
    await progress.getByText('是否有引号未闭合').waitFor();
    await stack.shot('failed-with-rerun');
    const [rerun] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/rerun')), progress.getByTestId('import-rerun').click()]);
    expect(rerun.status()).toBe(202);
    await expect(stack.db.query(`SELECT reruns FROM import_jobs WHERE file_name = 'open-quote.csv'`)).resolves.toEqual([{ reruns: 1 }]);
    // The same file fails the same way again: the page follows the new run to its end.
    await progress.getByTestId('import-status').filter({ hasText: '失败' }).waitFor({ timeout: 30000 });
    await progress.getByTestId('import-rerun').waitFor();
  });
});
