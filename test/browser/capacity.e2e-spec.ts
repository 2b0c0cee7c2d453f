import { Locator, Page } from 'playwright-core';
import { createFixtureOrg, FIXTURE_PASSWORD, FixtureOrg } from '../support/fixtures';
import { daysFromToday, jiangningCallsBooked } from '../support/approved-campaign';
import { BrowserStack, logInAs, startBrowserStack } from './browser';

/** Opens an antd Select (or TreeSelect) and picks the option with this label. */
async function choose(page: Page, select: Locator, label: string): Promise<void> {
  await select.click();
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').last().getByTitle(label, { exact: true }).click();
}

/** antd puts a space between the two characters of a Chinese button label. */
const button = (label: string) => new RegExp(`^${[...label].join('\\s*')}$`);

describe("The channel manager's capacity calendar in the browser", () => {
  let stack: BrowserStack;
  let org: FixtureOrg;
  // Two days next to each other in one month, a week or so ahead, so one month of the calendar holds both.
  let offset = 7;
  while (daysFromToday(offset).slice(0, 7) !== daysFromToday(offset + 1).slice(0, 7)) offset += 1;
  const firstDay = daysFromToday(offset);
  const secondDay = daysFromToday(offset + 1);

  beforeAll(async () => {
    stack = await startBrowserStack('capacity');
    const { db, app } = stack;
    org = await createFixtureOrg(db);
    // Booked while Jiangning's call centre has no default yet, so it is not limited: 150 calls on each of two days.
    await jiangningCallsBooked(app, db, org, firstDay, secondDay);
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('sets a default capacity and a date override, refuses one below the bookings, and shows what is left each day', async () => {
    const { page } = stack;
    await logInAs(page, 'ch.province', FIXTURE_PASSWORD);
    await page.locator('.ant-layout-sider').getByText('渠道容量', { exact: true }).click();
    await page.waitForURL('**/capacity');
    await stack.audit();
    await choose(page, page.getByRole('combobox', { name: '分支机构' }), '江宁支公司');
    const month = page.getByTestId('capacity-month');
    await month.click();
    await month.fill(firstDay.slice(0, 7));
    await month.press('Enter');
    await expect(page.getByTestId(`left-${firstDay}`).innerText()).resolves.toBe('不限');
    await expect(page.getByTestId(`day-${firstDay}`).innerText()).resolves.toContain('150');

    await page.getByTestId('default-seats').fill('4');
    await page.getByTestId('default-per-seat').fill('50');
    await page.getByTestId('save-default').click();
    await page.getByTestId('current-default').getByText('200').waitFor();
    await page.locator(`[data-testid="left-${firstDay}"]`, { hasText: /^50$/ }).waitFor();

    await page.getByTestId(`day-${firstDay}`).click();
    let dialog = page.getByRole('dialog');
    await dialog.getByTestId('override-capacity').fill('160');
    await dialog.getByLabel('原因').fill('坐席培训');
    await dialog.getByRole('button', { name: button('保存') }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator(`[data-testid="left-${firstDay}"]`, { hasText: /^10$/ }).waitFor();
    await expect(page.getByTestId(`day-${firstDay}`).innerText()).resolves.toContain('单独设置');
    await expect(page.getByTestId(`left-${secondDay}`).innerText()).resolves.toBe('50');

    // Fewer calls than the approved campaign booked: refused, naming the day.
    stack.expectFailedRequest(/\/api\/channel-capacities\/phone\/branches\/\d+\/days\//, { status: 409, method: 'PUT' });
    await page.getByTestId(`day-${secondDay}`).click();
    dialog = page.getByRole('dialog');
    await dialog.getByTestId('override-capacity').fill('100');
    await dialog.getByRole('button', { name: button('保存') }).click();
    await dialog.locator('.ant-alert-error').waitFor();
    await expect(dialog.locator('.ant-alert-error').innerText()).resolves.toContain(secondDay);
    await dialog.getByRole('button', { name: button('取消') }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect(page.getByTestId(`left-${secondDay}`).innerText()).resolves.toBe('50');

    await page.getByTestId('edit-cost-phone').click();
    await page.getByTestId('cost-input-phone').fill('3.80');
    await page.getByTestId('save-cost-phone').click();
    await page.getByTestId('cost-phone').getByText('¥3.80').waitFor();
    await stack.shot('calendar');
    await page.locator('.ant-segmented').getByText('English', { exact: true }).click();
    await page.getByRole('heading', { name: 'Channel capacity' }).waitFor();
    await stack.shot('calendar-english');

    await expect(stack.db.query(`SELECT daily_capacity, note FROM channel_capacity_overrides WHERE day = $1`, [firstDay])).resolves.toEqual([{ daily_capacity: 160, note: '坐席培训' }]);
  });
});
