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

/** Waits until the live preview shows this many customers. */
async function liveCount(page: Page, count: number): Promise<void> {
  await page.locator(`[data-testid="audience-count"][data-count="${count}"]`).waitFor();
}

describe('Building a segment in the browser', () => {
  let stack: BrowserStack;

  beforeAll(async () => {
    stack = await startBrowserStack('segments');
    const { db } = stack;
    const org = await createFixtureOrg(db);
    await createProducts(db);
    await createUser(db, 'zhou.xifen', org.province, ['segment_manager']);
    // Commercial motor holders: four; of them without home cover: three; of those aged 60 or more: two.
    const young = await createCustomer(db, org.countyA1, { name: '陈小明', birth_date: '1988-03-02', value_tier: 'gold' });
    await createPolicy(db, young, 'SYX', { premium: 4200 });
    const covered = await createCustomer(db, org.countyA2, { name: '刘芳', birth_date: '1979-07-15', value_tier: 'silver' });
    await createPolicy(db, covered, 'SYX', { premium: 3600 });
    await createPolicy(db, covered, 'JCX', { premium: 300 });
    const senior = await createCustomer(db, org.countyB1, { name: '赵德胜', birth_date: '1958-11-20', value_tier: 'ordinary' });
    await createPolicy(db, senior, 'SYX', { premium: 2800 });
    const elder = await createCustomer(db, org.countyA1, { name: '孙桂英', birth_date: '1952-01-08' });
    await createPolicy(db, elder, 'SYX', { premium: 2500 });
    const compulsoryOnly = await createCustomer(db, org.countyB1, { name: '周强' });
    await createPolicy(db, compulsoryOnly, 'JQX', { premium: 950 });
    await createCustomer(db, org.countyA2, { name: '吴静' });
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('adds two conditions and a group, follows the live count, saves the segment and takes a snapshot', async () => {
    const { page } = stack;
    await logInAs(page, 'zhou.xifen', FIXTURE_PASSWORD);
    await page.locator('.ant-layout-sider').getByText('客户细分', { exact: true }).click();
    await page.waitForURL('**/segments');
    await stack.audit();
    await page.getByTestId('new-segment').click();
    await page.waitForURL('**/segments/new');
    await page.getByTestId('rule-builder').waitFor();

    const root = page.locator('[data-testid="rule-group"][data-path="rule"]');
    await root.getByTestId('add-condition').first().click();
    const first = page.locator('[data-path="rule.children[0]"]');
    await choose(page, first.getByTestId('rule-field'), '持有险种（有效保单）');
    await choose(page, first.getByTestId('rule-value'), '商业车险');
    await liveCount(page, 4);

    await root.getByTestId('add-condition').first().click();
    const second = page.locator('[data-path="rule.children[1]"]');
    await choose(page, second.getByTestId('rule-field'), '持有险种（有效保单）');
    await choose(page, second.getByTestId('rule-operator'), '未持有');
    await choose(page, second.getByTestId('rule-value'), '家财险');
    await liveCount(page, 3);
    await stack.shot('two-conditions');

    // A group (any of) holding "age at least 60".
    await root.getByTestId('add-group').first().click();
    const group = page.locator('[data-testid="rule-group"][data-path="rule.children[2]"]');
    const age = group.locator('[data-path="rule.children[2].children[0]"]');
    await choose(page, age.getByTestId('rule-operator'), '不小于');
    await age.getByTestId('rule-value').fill('60');
    await liveCount(page, 2);

    // Switching the group to "none of" keeps the younger holder only.
    await group.locator('.rule-group-head').getByText('全部不满足', { exact: true }).click();
    await liveCount(page, 1);
    await page.getByTestId('chart-by-org-unit').waitFor();
    expect(await page.getByTestId('audience-preview').innerText()).toContain('陈小明');
    await stack.shot('group-and-preview');

    await page.getByTestId('segment-name').fill('年轻商业车险客户（无家财）');
    await page.getByTestId('segment-description').fill('持有商业车险、未持有家财险且未满60岁，家财险交叉销售目标');
    await page.getByTestId('save-segment').click();
    await page.waitForURL(/\/segments\/\d+$/);
    await page.getByTestId('segment-title').getByText('年轻商业车险客户（无家财）').waitFor();

    await page.getByTestId('take-snapshot').click();
    const snapshots = page.getByTestId('snapshot-table');
    await snapshots.locator('tr.ant-table-row').first().waitFor();
    const row = await snapshots.locator('tr.ant-table-row').first().innerText();
    expect(row).toMatch(/\b1\b/);
    await stack.shot('saved-with-snapshot');

    const [saved] = await stack.db.query(`SELECT rule FROM segments WHERE name = $1`, ['年轻商业车险客户（无家财）']);
    expect(saved.rule).toEqual({
      type: 'group',
      op: 'all',
      children: [
        { type: 'condition', field: 'holds_line', operator: 'has', value: 'motor_commercial' },
        { type: 'condition', field: 'holds_line', operator: 'lacks', value: 'home' },
        { type: 'group', op: 'not', children: [{ type: 'condition', field: 'age', operator: '>=', value: 60 }] },
      ],
    });
  });

  it('shows a rule error beside the condition it belongs to', async () => {
    const { page } = stack;
    stack.expectFailedRequest(/\/api\/segments\/preview$/, { method: 'POST', status: 400 });
    await page.goto('/segments/new');
    await page.getByTestId('rule-builder').waitFor();
    const root = page.locator('[data-testid="rule-group"][data-path="rule"]');
    await root.getByTestId('add-condition').first().click();
    await root.getByTestId('add-condition').first().click();
    const second = page.locator('[data-path="rule.children[1]"]');
    await choose(page, second.getByTestId('rule-operator'), '介于');
    const [low, high] = [second.getByTestId('rule-value').first(), second.getByTestId('rule-value').last()];
    await low.fill('70');
    await high.fill('30');
    await page.locator('[data-path="rule.children[0]"]').getByTestId('rule-value').fill('40');
    await second.getByTestId('rule-error').waitFor();
    expect(await page.locator('[data-path="rule.children[0]"]').getByTestId('rule-error').count()).toBe(0);
    await stack.shot('rule-error');
  });
});
