import { Page } from 'playwright-core';
import { createCustomer, createFixtureOrg, createPolicy, createProducts, createUser, FIXTURE_PASSWORD, FixtureOrg } from '../support/fixtures';
import { BrowserStack, logInAs, startBrowserStack } from './browser';

/** Opens an antd Select and picks the option with this label, typing first. */
async function choose(page: Page, selector: string, label: string): Promise<void> {
  await page.locator(selector).click();
  await page.locator(`${selector} input`).fill(label);
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').last().getByTitle(label, { exact: true }).click();
}

/** Ends the session through the API (the login spec walks the menu's way out); the next page load finds nobody logged in. */
async function logOut(page: Page): Promise<void> {
  const answer = await page.request.post('/api/auth/logout');
  expect(answer.ok()).toBe(true);
  await page.goto('/login');
}

/** How many lines the text of each matching element takes (1 when it does not wrap). */
async function lineCounts(page: Page, selector: string): Promise<number[]> {
  // A string, because the specs are typed for Node, not for the page's DOM.
  return page.evaluate(`[...document.querySelectorAll(${JSON.stringify(selector)})].map((cell) => {
    const range = document.createRange();
    range.selectNodeContents(cell);
    return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
  })`);
}

const SEGMENTS = [
  { name: '持有商业车险的有效保单客户', rule: { type: 'condition', field: 'holds_line', operator: 'has', value: 'motor_commercial' } },
  { name: '三十岁及以上的客户', rule: { type: 'condition', field: 'age', operator: '>=', value: 30 } },
  { name: '五十岁及以上的中老年客户', rule: { type: 'condition', field: 'age', operator: '>=', value: 50 } },
  { name: '尚未持有家财险的客户', rule: { type: 'condition', field: 'holds_line', operator: 'lacks', value: 'home' } },
];

describe('Screens for each role in the browser', () => {
  let stack: BrowserStack;
  let org: FixtureOrg;
  let bundleId: number;

  beforeAll(async () => {
    stack = await startBrowserStack('screens');
    const { db } = stack;
    org = await createFixtureOrg(db);
    await createProducts(db);
    await createUser(db, 'sm.prov', org.province, ['segment_manager']);
    await createUser(db, 'an.prov', org.province, ['analyst']);
    await createUser(db, 'admin.prov', org.province, ['admin']);
    const tiers = ['gold', 'silver', 'silver', 'ordinary', 'ordinary', 'ordinary', 'ordinary', 'do_not_serve', null];
    for (const [i, tier] of tiers.entries()) {
      const customer = await createCustomer(db, i % 2 ? org.countyA1 : org.countyB1, { birth_date: `${1950 + i * 5}-05-01`, value_tier: tier });
      if (i % 3 !== 2) await createPolicy(db, customer, 'SYX', { premium: 3000 + i * 100 });
      if (i % 4 === 0) await createPolicy(db, customer, 'JCX', { premium: 300 });
    }
    // A province with many sub-branches: the org tree is far taller than the screen.
    for (let i = 1; i <= 40; i++) {
      await db.query(
        `INSERT INTO org_units (code, name, level, parent_id, path)
         VALUES ($1, $2, 4, $3, (SELECT path FROM org_units WHERE id = $3) || currval('org_units_id_seq') || '/')`,
        [`COUNTY_X${i}`, `南京第${i}营业部`, org.cityA],
      );
    }
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('shows the overlap of four segments with every intersection readable and the value-tier donut with its shares', async () => {
    const { page } = stack;
    await logInAs(page, 'sm.prov', FIXTURE_PASSWORD);
    for (const segment of SEGMENTS) {
      const answer = await page.request.post('/api/segments', { data: { ...segment, kind: 'dynamic' } });
      expect(answer.status()).toBe(201);
    }
    const bundle = await page.request.post('/api/bundles', {
      data: {
        code: 'FAMILY_GUARD',
        name: '车险+家财+意外 全家保障组合',
        productCodes: ['SYX', 'JCX', 'YWX'],
        price: 1234567.89,
        discountPct: 12.5,
        eligibilityRule: { type: 'group', op: 'all', children: [SEGMENTS[0].rule, SEGMENTS[3].rule] },
        validFrom: '2026-01-01',
        validTo: '2026-12-31',
        guidance: { talkingPoints: ['一次投保，车、家、人都有保障'], objections: [{ objection: '太贵了', answer: '合买比分开买便宜一成多' }], shortText: '' },
      },
    });
    expect(bundle.status()).toBe(201);
    bundleId = (await bundle.json()).id;

    await page.goto('/segments/overlap');
    for (const segment of SEGMENTS) await choose(page, '[data-testid="overlap-segments"]', segment.name);
    await page.keyboard.press('Escape');
    await page.getByTestId('compute-overlap').click();
    // Six pairs, four triples and the four-way intersection.
    await page.waitForFunction(`document.querySelectorAll('[data-testid="overlap-table"] tr.ant-table-row').length === 11`);
    expect(await page.getByTestId('overlap-table').innerText()).toContain('A · 持有商业车险的有效保单客户');
    await stack.shot('overlap-four');

    await page.goto('/value-tiers');
    await page.getByTestId('tier-pie').locator('canvas').waitFor();
    await stack.shot('value-tiers');
  });

  it('shows a reader value-tier settings, contact policies and a bundle as values, not as a locked form', async () => {
    const { page } = stack;
    await logOut(page);
    await logInAs(page, 'an.prov', FIXTURE_PASSWORD);

    await page.goto('/value-tiers');
    const settings = page.locator('.read-only-form').first();
    await settings.locator('.ant-input-number input').first().waitFor();
    // No box around a value, no spin buttons: the number reads as text.
    const look = await page.evaluate(`(() => {
      const box = document.querySelector('.read-only-form .ant-input-number');
      const style = getComputedStyle(box);
      return { border: style.borderTopColor, background: style.backgroundColor, text: getComputedStyle(box.querySelector('input')).color };
    })()`);
    expect(look).toEqual({ border: 'rgba(0, 0, 0, 0)', background: 'rgba(0, 0, 0, 0)', text: 'rgba(0, 0, 0, 0.88)' });
    await expect(page.getByTestId('save-tier-settings').count()).resolves.toBe(0);
    await stack.shot('value-tiers-read-only');

    await page.goto('/contact-policies');
    await page.locator('.read-only-form').first().waitFor();
    await stack.shot('contact-policies-read-only');

    await page.goto('/bundles');
    await page.getByRole('link', { name: '车险+家财+意外 全家保障组合' }).waitFor();
    await expect(lineCounts(page, 'td.no-wrap')).resolves.toEqual([1, 1, 1, 1]);
    expect(await page.locator('td.no-wrap').first().innerText()).toContain('1,234,567.89');
    await stack.shot('bundles-list');

    await page.goto(`/bundles/${bundleId}`);
    await page.getByTestId('bundle-title').getByText('车险+家财+意外 全家保障组合').waitFor();
    await page.locator('.read-only-form').first().waitFor();
    await expect(page.getByTestId('save-bundle').count()).resolves.toBe(0);
    await stack.shot('bundle-read-only');
  });

  it('tells a reader plainly which pages are not for the role, under the page’s own title', async () => {
    const { page } = stack;
    const menu = page.locator('.ant-layout-sider .ant-menu');
    await expect(menu.innerText()).resolves.not.toContain('数据导入');

    await page.goto('/imports');
    await expect(page.locator('h1').innerText()).resolves.toBe('数据导入');
    await page.getByText('您的角色不使用此页面').waitFor();
    expect(await page.locator('main, .ant-layout-content').first().innerText()).not.toContain('404');
    await stack.shot('imports-not-for-role');

    await page.goto('/segments/new');
    await expect(page.locator('h1').innerText()).resolves.toBe('客户细分');
    expect(await page.locator('.ant-layout-content').innerText()).toContain('细分经理');
    await expect(menu.locator('.ant-menu-item-selected').innerText()).resolves.toBe('客户细分');
    await stack.shot('new-segment-not-for-role');
  });

  it('keeps the unit details on screen beside an org tree taller than the screen', async () => {
    const { page } = stack;
    await logOut(page);
    await logInAs(page, 'admin.prov', FIXTURE_PASSWORD);
    await page.goto('/org-units');
    // The tree scrolls within its card, so a unit far down is found through its search box.
    await page.locator('.ant-tree').waitFor();
    await page.mouse.wheel(0, 2000);
    await page.getByPlaceholder('搜索机构').fill('南京第33营业部');
    await page.locator('.ant-tree').getByText('南京第33营业部').click();
    const details = page.locator('.ant-card', { has: page.locator('.ant-descriptions') });
    await details.waitFor();
    await page.mouse.wheel(0, 2000);
    const box = await details.boundingBox();
    const viewport = page.viewportSize()!;
    expect(box).not.toBeNull();
    expect(box!.x + box!.width).toBeLessThanOrEqual(viewport.width);
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.y).toBeLessThan(viewport.height);
    await stack.shot('org-units-tall-tree');
  });
});
