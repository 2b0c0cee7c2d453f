import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { Download, Page } from 'playwright-core';
import { CampaignRollups } from '@lib/analytics';
import { seedDemoEvaluationForms } from '@lib/evaluation/forms';
import { addContact, addConversion, addEvent, addMember, addSpend, analyticsCampaign } from '../support/analytics-campaign';
import { createFixtureOrg, createProducts, createUser, FIXTURE_PASSWORD, FixtureOrg } from '../support/fixtures';
import { BrowserStack, logInAs, startBrowserStack } from './browser';

async function switchUser(page: Page, username: string): Promise<void> {
  await page.context().clearCookies();
  await logInAs(page, username, FIXTURE_PASSWORD);
}

/** Clicks a download link and returns the file it saved. */
async function download(page: Page, testId: string): Promise<{ file: Download; body: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  return { file, body: readFileSync((await file.path())!) };
}

async function sheetRows(body: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ExcelJS.Buffer);
  const rows: string[][] = [];
  workbook.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((cell) => String(cell ?? ''))));
  return rows;
}

/** A chart has drawn itself: ECharts puts its canvas inside the element. */
const chartDrawn = (page: Page, testId: string) => page.getByTestId(testId).locator('canvas').first().waitFor();

describe('ROI dashboards in the browser', () => {
  let stack: BrowserStack;
  let org: FixtureOrg;
  let campaignId: number;
  let secondId: number;
  let homeSegment: number;
  /** Customer numbers of the converters, per county. */
  const converterNos = new Map<number, string[]>();

  beforeAll(async () => {
    stack = await startBrowserStack('roi-dashboards');
    const { db, app } = stack;
    org = await createFixtureOrg(db);
    await createProducts(db);
    const plannerId = await createUser(db, 'roi.manager', org.province, ['campaign_manager']);
    await createUser(db, 'roi.city', org.cityB, ['branch_executor']);

    // Two include segments; of each county's members a third matched the first, a third the second, a third both.
    const segments: { id: number }[] = await db.query(
      `INSERT INTO segments (name, kind, owner_org_unit_id, created_by) VALUES ('无家财险的车主', 'static', $1, $2), ('近期续保客户', 'static', $1, $2) RETURNING id`,
      [org.province, plannerId],
    );
    homeSegment = segments[0].id;
    const segmentsOf = (i: number) => [[segments[0].id], [segments[1].id], segments.map((s) => s.id)][i % 3];
    // Eight treatment and two control members per county; half the treatment clicks, a quarter buys; one control member in A1 buys too.
    const campaign = await analyticsCampaign(db, org, plannerId, {
      code: 'CMP-ROI-1', name: '家财险交叉销售', budget: '500.00', targets: { contacts: 30, conversions: 5 }, segmentIds: segments.map((s) => s.id),
    });
    campaignId = campaign.campaignId;
    for (const unit of [org.countyA1, org.countyA2, org.countyB1]) {
      for (let i = 0; i < 8; i += 1) {
        const member = await addMember(db, campaign, { orgUnitId: unit, valueTier: i % 2 ? 'gold' : 'silver', segmentIds: segmentsOf(i) });
        const contact = await addContact(db, campaign, member, { step: 'email', status: i < 4 ? 'clicked' : 'delivered', at: `2026-03-0${2 + (i % 3)}T10:00:00+08:00` });
        if (i < 4) await addEvent(db, contact, 'clicked', `2026-03-0${2 + (i % 3)}T11:00:00+08:00`);
        if (i < 2) {
          await addConversion(db, campaign, member, { productCode: 'JCX', premium: '1200.00', startDate: '2026-03-06', contactId: contact });
          const [{ customer_no }] = await db.query('SELECT customer_no FROM customers WHERE id = $1', [member]);
          converterNos.set(unit, [...(converterNos.get(unit) ?? []), customer_no]);
        }
        await addSpend(db, campaign, { branchId: unit, amount: '5.00', channel: 'email', at: '2026-03-02T10:00:00+08:00' });
      }
      for (let i = 0; i < 2; i += 1) {
        const member = await addMember(db, campaign, { orgUnitId: unit, control: true, segmentIds: segmentsOf(i) });
        if (unit === org.countyA1 && i === 0) await addConversion(db, campaign, member, { productCode: 'JCX', premium: '900.00', startDate: '2026-03-08', control: true });
      }
    }
    // A second, smaller campaign for the portfolio's filter and sort.
    // Launched before the launch recorded its members' segments.
    const second = await analyticsCampaign(db, org, plannerId, { code: 'CMP-ROI-2', name: '意外险加保', budget: '100.00' });
    secondId = second.campaignId;
    const member = await addMember(db, second, { orgUnitId: org.countyA1 });
    await addContact(db, second, member, { step: 'email', status: 'delivered', at: '2026-03-03T10:00:00+08:00' });
    await addSpend(db, second, { branchId: org.countyA1, amount: '80.00', channel: 'email', at: '2026-03-03T10:00:00+08:00' });
    await app.get(CampaignRollups).refresh();
    // The first campaign's completion reports: A1's approved, A2's a draft past its due date.
    await seedDemoEvaluationForms(db, org.province, plannerId);
    await db.query(
      `INSERT INTO evaluation_reports (campaign_id, branch_id, occasion, occasion_date, due_date, status, form_version_id)
       SELECT $1, b.id, 'completion', '2026-03-31', '2026-04-07', b.status, (SELECT max(id) FROM evaluation_form_versions WHERE status = 'published')
         FROM (VALUES ($2::int, 'approved'), ($3::int, 'draft')) AS b(id, status)`,
      [campaignId, org.countyA1, org.countyA2],
    );
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('a manager filters, sorts and exports the portfolio, then reads a campaign dashboard and exports the customers behind a figure', async () => {
    const { page } = stack;
    await logInAs(page, 'roi.manager', FIXTURE_PASSWORD);
    await page.locator('.ant-layout-sider').getByText('效果总览', { exact: true }).click();
    await page.waitForURL('**/analytics/portfolio');
    await page.getByPlaceholder('开始日期').click();
    await page.getByPlaceholder('开始日期').fill('2026-03-01');
    await page.getByPlaceholder('开始日期').press('Enter');
    await page.getByPlaceholder('结束日期').fill('2026-03-31');
    await page.getByPlaceholder('结束日期').press('Enter');
    await page.waitForURL('**/analytics/portfolio?from=2026-03-01&to=2026-03-31');
    const rows = page.getByTestId('portfolio-table').locator('tbody tr.ant-table-row');
    await rows.filter({ hasText: 'CMP-ROI-2' }).waitFor();
    expect(await rows.count()).toBe(2);
    await chartDrawn(page, 'portfolio-chart');

    // Filter by the search box: only the matching campaign is left.
    await page.getByTestId('portfolio-search').fill('意外险');
    await rows.filter({ hasText: 'CMP-ROI-1' }).waitFor({ state: 'detached' });
    await expect(rows.count()).resolves.toBe(1);
    await expect(rows.first().textContent()).resolves.toContain('CMP-ROI-2');
    await page.getByTestId('portfolio-search').fill('');

    // The evaluation column, and the filter "reports overdue".
    await expect(page.getByTestId('portfolio-evaluation-CMP-ROI-1').textContent()).resolves.toBe('1/2 已通过1 份逾期');
    await page.getByTestId('portfolio-evaluation').click();
    await page.locator('.ant-select-dropdown').getByText('有报告逾期', { exact: true }).click();
    await page.waitForURL('**/analytics/portfolio?from=2026-03-01&to=2026-03-31&evaluation=overdue');
    await rows.filter({ hasText: 'CMP-ROI-2' }).waitFor({ state: 'detached' });
    await expect(rows.count()).resolves.toBe(1);
    await page.goto(page.url().replace('&evaluation=overdue', ''));

    // Sorted by ROI, lowest first: the second campaign spent ¥80 for nothing (ROI −100%).
    await rows.filter({ hasText: 'CMP-ROI-1' }).waitFor();
    const sorted = page.waitForResponse((r) => r.url().includes('sort=roi') && r.url().includes('order=asc'));
    await page.getByTestId('portfolio-table').getByRole('columnheader', { name: '投资回报率' }).click();
    await sorted;
    await rows.first().filter({ hasText: 'CMP-ROI-2' }).waitFor();
    await expect(page.getByTestId('portfolio-roi-CMP-ROI-2').textContent()).resolves.toBe('-100.00%');
    await stack.shot('portfolio');

    const csv = await download(page, 'portfolio-csv');
    expect(csv.file.suggestedFilename()).toBe('portfolio.csv');
    const csvLines = csv.body.toString('utf8').split('\r\n');
    expect(csvLines.some((line) => line.includes('CMP-ROI-1') && line.includes('家财险交叉销售'))).toBe(true);
    // The export holds the table's campaigns in its order.
    expect(csvLines.findIndex((line) => line.includes('CMP-ROI-2'))).toBeLessThan(csvLines.findIndex((line) => line.includes('CMP-ROI-1')));
    const xlsx = await download(page, 'portfolio-xlsx');
    expect(xlsx.file.suggestedFilename()).toBe('portfolio.xlsx');
    expect((await sheetRows(xlsx.body)).some((row) => row.includes('CMP-ROI-1'))).toBe(true);

    await page.getByTestId('portfolio-open-CMP-ROI-1').click();
    await page.waitForURL(`**/analytics/campaigns/${campaignId}`);
    await expect(page.getByTestId('kpi-contacts').textContent()).resolves.toContain('24');
    await expect(page.getByTestId('roi-reports').getAttribute('href')).resolves.toBe(`/campaigns/${campaignId}/evaluation-reports`);
    for (const chart of ['spend-chart', 'lift-chart', 'lift-interval-chart', 'funnel-email', 'branch-chart', 'daily-chart']) await chartDrawn(page, chart);
    // 6 of 24 treatment members converted (25%) against 1 of 6 in control (16.67%): far too few controls to tell.
    const verdict = page.getByTestId('lift-verdict');
    await expect(verdict.getAttribute('data-verdict')).resolves.toBe('control_too_small');
    await expect(verdict.textContent()).resolves.toContain('对照组太小，无法判断：处理组转化率 25.00%，对照组 16.67%');
    await expect(page.getByTestId('absolute-lift').textContent()).resolves.toBe('+8.33 个百分点');
    await stack.shot('campaign-dashboard');

    // In English the verdict line and the charts follow the reader's language.
    await page.locator('.ant-layout-header .ant-segmented').getByText('English', { exact: true }).click();
    await page.getByTestId('lift-verdict').filter({ hasText: 'The control group is too small to tell: the conversion rate is 25.00% in treatment and 16.67% in control' }).waitFor();
    await chartDrawn(page, 'lift-chart');
    await stack.shot('campaign-dashboard-en');
    // The portfolio's export follows the UI's language, not the browser's (Chinese here).
    await page.getByRole('link', { name: 'Back to campaign results' }).click();
    // Back as it was left: the period and the sort by ROI kept in the address.
    await expect(page.getByPlaceholder('From').inputValue()).resolves.toBe('2026-03-01');
    await page.getByTestId('portfolio-table').locator('tbody tr.ant-table-row').first().filter({ hasText: 'CMP-ROI-2' }).waitFor();
    const english = await download(page, 'portfolio-csv');
    expect(english.body.toString('utf8').replace(/^\uFEFF/, '').startsWith('Code,Name,Status')).toBe(true);
    await page.getByTestId(`portfolio-open-CMP-ROI-1`).click();
    await page.locator('.ant-layout-header .ant-segmented').getByText('中文', { exact: true }).click();
    await page.getByTestId('lift-verdict').filter({ hasText: '对照组太小' }).waitFor();

    // The conversions card opens the customers behind it, and they export.
    await page.getByTestId('kpi-conversions-customers').click();
    const drawer = page.getByTestId('drill-down');
    await drawer.getByTestId('drill-down-total').filter({ hasText: '共 6 条' }).waitFor();
    const listed = await drawer.locator('tbody tr.ant-table-row').allTextContents();
    for (const number of [...converterNos.values()].flat()) expect(listed.some((row) => row.includes(number))).toBe(true);
    await stack.shot('drill-down');
    const customers = await download(page, 'drill-down-csv');
    // A byte order mark first, so that Excel and WPS read the Chinese as UTF-8.
    expect([...customers.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const customerLines = customers.body.toString('utf8').trim().split('\r\n');
    expect(customerLines[0]).toBe('客户号,客户姓名,手机号,机构,价值等级,步骤,渠道,接触状态,接触时间,响应时间,保单号,产品,保费（元）,保单起期');
    expect(customerLines).toHaveLength(7);
    const customerSheet = await sheetRows((await download(page, 'drill-down-xlsx')).body);
    expect(customerSheet).toHaveLength(7);
    await page.keyboard.press('Escape');

    // A branch line's count opens that branch's customers.
    await page.getByTestId(`drill-branch-converters-${org.countyB1}`).first().click();
    await page.getByTestId('drill-down').getByTestId('drill-down-total').filter({ hasText: '共 2 条' }).waitFor();
    await page.keyboard.press('Escape');

    // By segment: a line per include segment, named, a member of both in both lines; a line's converters open.
    await page.getByRole('tab', { name: '按细分' }).click();
    const segmentLines = page.getByTestId('breakdown-segment').locator('tbody tr.ant-table-row');
    await segmentLines.filter({ hasText: '近期续保客户' }).waitFor();
    await expect(segmentLines.allTextContents()).resolves.toEqual([expect.stringContaining('无家财险的车主'), expect.stringContaining('近期续保客户')]);
    await expect(page.getByTestId('segment-note').textContent()).resolves.toContain('两行都计入');
    await stack.shot('segment-breakdown');
    await page.getByTestId(`drill-segment-converters-${homeSegment}`).click();
    await page.getByTestId('drill-down').getByTestId('drill-down-total').filter({ hasText: '共 3 条' }).waitFor();
    await page.keyboard.press('Escape');
    // A campaign launched before segments were recorded says so instead of showing lines.
    await page.goto(`/analytics/campaigns/${secondId}`);
    await page.getByRole('tab', { name: '按细分' }).click();
    await expect(page.getByTestId('segment-note').textContent()).resolves.toContain('尚未记录每位成员所属的细分');
  });

  it("a city user sees only their subtree's figures and customers", async () => {
    const { page } = stack;
    await switchUser(page, 'roi.city');
    await page.goto(`/analytics/campaigns/${campaignId}`);
    await expect(page.getByTestId('kpi-contacts').textContent()).resolves.toContain('8');
    await expect(page.getByTestId('kpi-conversions').textContent()).resolves.toContain('2');
    const branches = page.getByTestId('breakdown-branch').first().locator('tbody tr.ant-table-row');
    await branches.first().waitFor();
    await expect(branches.allTextContents()).resolves.toEqual([expect.stringContaining('昆山支公司')]);
    await page.getByTestId('kpi-conversions-customers').click();
    const drawer = page.getByTestId('drill-down');
    await drawer.getByTestId('drill-down-total').filter({ hasText: '共 2 条' }).waitFor();
    const listed = (await drawer.locator('tbody tr.ant-table-row').allTextContents()).join('\n');
    for (const number of converterNos.get(org.countyB1)!) expect(listed).toContain(number);
    for (const number of converterNos.get(org.countyA1)!) expect(listed).not.toContain(number);
    await stack.shot('city-dashboard');
  });
});
