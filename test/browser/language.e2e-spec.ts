import { Locator, Page } from 'playwright-core';
import { fieldCatalogue } from '@lib/segments';
import { createCustomer, createFixtureOrg, createPolicy, createProducts, createUser, FIXTURE_PASSWORD, FixtureOrg } from '../support/fixtures';
import { BrowserStack, logInAs, startBrowserStack } from './browser';

/** Opens an antd Select and picks the option with this label (typing first when the select is searchable). */
async function choose(page: Page, select: Locator, label: string): Promise<void> {
  await select.click();
  const search = select.locator('input.ant-select-selection-search-input');
  if (await search.isEditable().catch(() => false)) await search.fill(label);
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').last().getByTitle(label, { exact: true }).click();
}

/** The text a select shows for its choice, and whether all of it is visible (an ellipsis hides the rest). */
async function shownChoice(select: Locator): Promise<{ text: string; fits: boolean }> {
  return select.locator('.ant-select-selection-item').evaluate((item) => ({
    text: item.textContent ?? '',
    fits: item.scrollWidth <= item.clientWidth,
  }));
}

async function switchTo(page: Page, language: 'English' | '中文'): Promise<void> {
  await page.locator('.ant-segmented').getByText(language, { exact: true }).click();
}

describe('The UI in the reader\'s language', () => {
  let stack: BrowserStack;
  let org: FixtureOrg;
  let customerId: number;

  beforeAll(async () => {
    stack = await startBrowserStack('language');
    const { db } = stack;
    org = await createFixtureOrg(db);
    await db.query(`UPDATE org_units SET name_en = 'Jiangsu Branch' WHERE id = $1`, [org.province]);
    await db.query(`UPDATE org_units SET name_en = 'Jiangning Sub-branch' WHERE id = $1`, [org.countyA1]);
    await createProducts(db);
    await createUser(db, 'lang.segments', org.province, ['segment_manager', 'admin']);
    customerId = await createCustomer(db, org.countyA1, { name: '陈小明' });
    await createPolicy(db, customerId, 'SYX', { premium: 4200 });
    await logInAs(stack.page, 'lang.segments', FIXTURE_PASSWORD);
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('shows every rule field and operator whole in the rule builder, in Chinese and in English', async () => {
    const { page } = stack;
    await page.goto('/segments/new');
    await page.getByTestId('rule-builder').waitFor();
    await page.getByTestId('add-condition').first().click();
    const condition = page.locator('[data-path="rule.children[0]"]');
    const field = condition.getByTestId('rule-field');
    const operator = condition.getByTestId('rule-operator');

    const cutOff: string[] = [];
    for (const [language, pickLabel] of [['中文', (spec: { label: { zh: string } }) => spec.label.zh], ['English', (spec: { label: { en: string } }) => spec.label.en]] as const) {
      if (language === 'English') await switchTo(page, 'English');
      for (const spec of fieldCatalogue()) {
        const label = pickLabel(spec);
        await choose(page, field, label);
        const shown = await shownChoice(field);
        expect(shown.text).toBe(label);
        if (!shown.fits) cutOff.push(`${language} field "${label}"`);
        const chosenOperator = await shownChoice(operator).catch(() => undefined);
        if (chosenOperator && !chosenOperator.fits) cutOff.push(`${language} operator "${chosenOperator.text}" of "${label}"`);
      }
      if (language === 'English') await stack.shot('rule-builder-english');
    }
    expect(cutOff).toEqual([]);
    await switchTo(page, '中文');
  });

  it('names org units and products by their English names in English, and by their Chinese names in Chinese', async () => {
    const { page } = stack;
    await page.goto(`/customers/${customerId}`);
    await page.getByTestId('customer-name').waitFor();
    await expect(page.getByText('江宁支公司', { exact: true }).first().isVisible()).resolves.toBe(true);
    await expect(page.getByText('机动车商业保险', { exact: true }).first().isVisible()).resolves.toBe(true);

    await switchTo(page, 'English');
    await page.getByText('Jiangning Sub-branch', { exact: true }).first().waitFor();
    await page.getByText('Commercial motor insurance', { exact: true }).first().waitFor();
    await stack.shot('customer-english');
    // The home unit in the header follows too.
    await expect(page.locator('.ant-layout-header').getByText('Jiangsu Branch').count()).resolves.toBeGreaterThan(0);
    await switchTo(page, '中文');
  });

  it('shows the API\'s refusals in the reader\'s language', async () => {
    const { page } = stack;
    stack.expectFailedRequest(/\/api\/org-units\/\d+$/, { status: 409, method: 'PATCH' });
    /** Recodes 苏州分公司 to the code of 南京分公司, which the API refuses. */
    const recodeToTaken = async () => {
      await page.goto('/org-units');
      await page.locator('.ant-tree').getByText('苏州分公司').click();
      await page.getByRole('button', { name: /编\s*辑|Edit/ }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel(/^(机构代码|Code)$/).fill('CITY_A');
      await dialog.getByRole('button', { name: /保\s*存|Save/ }).click();
      return dialog;
    };
    const inChinese = await recodeToTaken();
    await inChinese.getByText('代码 CITY_A 已被使用').waitFor();
    await stack.shot('refusal-chinese');

    await page.keyboard.press('Escape');
    await switchTo(page, 'English');
    const inEnglish = await recodeToTaken();
    await inEnglish.getByText('The code CITY_A is already in use').waitFor();
    await page.keyboard.press('Escape');
    await switchTo(page, '中文');
  });
});
