import { STANDARD_EVALUATION_FORM } from '@lib/evaluation/forms';
import { createFixtureOrg, createUser, FIXTURE_PASSWORD } from '../support/fixtures';
import { call, login } from '../support/test-app';
import { BrowserStack, logInAs, startBrowserStack } from './browser';

describe('Designing an evaluation form in the browser', () => {
  let stack: BrowserStack;

  beforeAll(async () => {
    stack = await startBrowserStack('evaluation-forms');
    const org = await createFixtureOrg(stack.db);
    await createUser(stack.db, 'liu.cehua', org.province, ['campaign_manager']);
    await createUser(stack.db, 'zhao.sheji', org.province, ['campaign_manager']);
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('designs a field, sees it in the preview with its check as one types, is told the server’s problems at the field, and publishes', async () => {
    const { page } = stack;
    await logInAs(page, 'liu.cehua', FIXTURE_PASSWORD);
    await page.locator('.ant-layout-sider').getByText('评估表', { exact: true }).click();
    await page.waitForURL('**/evaluation-forms');
    await page.getByText('还没有评估表').waitFor();
    await stack.shot('empty-list');

    await page.getByTestId('new-form').click();
    const modal = page.locator('.ant-modal');
    await modal.getByLabel('代码').fill('branch_review');
    await modal.getByLabel('中文名称').fill('机构执行评估');
    await modal.getByLabel('英文名称').fill('Branch review');
    await modal.getByRole('button', { name: /保\s*存/ }).click();
    await page.waitForURL(/\/evaluation-forms\/\d+$/);
    await page.getByTestId('form-title').getByText('机构执行评估').waitFor();
    await page.getByTestId('designer-summary').getByText('还有 1 个问题，修正后才能发布').waitFor();

    await page.getByTestId('add-section').click();
    const field = page.getByTestId('designer-field').first();
    await field.getByLabel('名称（中文）').fill('接触数');
    await field.getByLabel('名称（英文）').fill('Contacts');
    await field.locator('.ant-select-selector').first().click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').last().getByTitle('数字', { exact: true }).click();
    await field.getByLabel('最小值').fill('0');
    await page.getByTestId('designer-summary').getByText('没有问题，可以发布').waitFor();

    const preview = page.getByTestId('form-preview');
    const input = preview.locator('[data-field=field_1] input');
    await preview.getByText('接触数').waitFor();
    // Out of bounds is a warning while drafting (the draft is saved, the submission refused); not a number is an error.
    await input.fill('-5');
    await preview.getByTestId('form-field-warning').getByText('不能小于 0').waitFor();
    await input.fill('12a');
    await preview.getByTestId('form-field-problem').getByText('必须是数字').waitFor();
    await input.fill('12.5');
    await preview.getByTestId('form-field-problem').waitFor({ state: 'detached' });
    // A count: whole numbers only, and the keyboard offers digits.
    await field.getByLabel('只填整数').check();
    await preview.getByTestId('form-field-problem').getByText('必须是整数').waitFor();
    await expect(input.getAttribute('inputmode')).resolves.toBe('numeric');
    await input.fill('120');
    await preview.getByTestId('form-field-problem').waitFor({ state: 'detached' });
    await stack.shot('preview');

    // A key the form cannot take: the check shows it at once, and the server refuses to publish it, naming the field.
    await field.getByLabel('字段键').fill('Contacts');
    await field.getByTestId('designer-problem').getByText('必须以小写字母开头，只含小写字母、数字和 _，最多 64 个字符').waitFor();
    stack.expectFailedRequest(/\/api\/evaluation-forms\/\d+\/publish$/, { status: 400, method: 'POST' });
    await page.getByTestId('publish').click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: /发\s*布/ }).click();
    await page.locator('.ant-message').getByText(/sections\[0\]\.fields\[0\]\.key/).waitFor();
    await stack.shot('server-problem');

    await field.getByLabel('字段键').fill('contacts');
    await page.getByTestId('designer-summary').getByText('没有问题，可以发布').waitFor();
    await page.getByTestId('publish').click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: /发\s*布/ }).click();
    await page.getByText('第 1 版已发布').waitFor();
    await page.getByText('已发布的版本不可修改').waitFor();
    await page.getByTestId('form-designer').waitFor({ state: 'detached' });
    await page.getByTestId('start-draft').waitFor();
    await stack.shot('published');
    const [{ status, definition }] = await stack.db.query(`SELECT status, definition FROM evaluation_form_versions`);
    expect(status).toBe('published');
    expect(definition.sections[0].fields[0]).toEqual({ key: 'contacts', type: 'number', label: { zh: '接触数', en: 'Contacts' }, min: 0, wholeNumber: true });
  });

  it('opens the standard form’s draft in English: its rules in the designer, its tables in the preview with the rules checked', async () => {
    const { page } = stack;
    await page.context().clearCookies();
    await logInAs(page, 'liu.cehua', FIXTURE_PASSWORD);
    const token = await login(stack.app, 'liu.cehua', FIXTURE_PASSWORD);
    const created = await call(stack.app, 'POST', '/api/evaluation-forms', {
      token,
      body: { code: 'standard_evaluation', name: { zh: '营销活动执行评估表', en: 'Campaign execution evaluation' }, definition: STANDARD_EVALUATION_FORM },
    });
    expect(created.status).toBe(201);
    await page.goto(`/evaluation-forms/${created.body.templateId}`);
    await page.locator('.ant-segmented').getByText('English', { exact: true }).click();
    await page.getByTestId('form-title').getByText('Campaign execution evaluation').waitFor();
    await page.getByTestId('designer-summary').getByText('No problems: ready to publish').waitFor();
    await expect(page.getByTestId('designer-rules').locator('.ant-card-type-inner').count()).resolves.toBe(STANDARD_EVALUATION_FORM.rules.length);

    const preview = page.getByTestId('form-preview');
    await preview.locator('[data-field=conversions] input').fill('40');
    const lines = preview.locator('[data-field=results_by_line]');
    await lines.getByRole('button', { name: 'Add a row' }).click();
    await lines.getByLabel('Policies, row 1').fill('41');
    await lines.getByLabel('Premium, row 1').fill('1000.5');
    // A rule across fields is a warning while drafting.
    await preview
      .locator('[data-field=results_by_line]')
      .getByTestId('form-field-warning')
      .getByText('The policies by product line cannot add up to more than the conversions')
      .waitFor();
    await preview.locator('[data-field=spend] input').fill('100.00');
    await preview.locator('[data-field=contact_costs] input').fill('60');
    await preview.locator('[data-field=spend] [data-testid=form-field-warning]').getByText('Contact costs (charged per contact) (60), Other spend items · Amount total (0) add up to 60, which must equal Total spend (100.00)').waitFor();
    await preview.locator('.ant-segmented').getByText('Submit (required too)', { exact: true }).click();
    await preview.locator('[data-field=summary] [data-testid=form-field-problem]').getByText('is required').waitFor();
    await preview.locator('[data-field=spend] [data-testid=form-field-problem]').getByText(/add up to 60, which must equal Total spend/).waitFor();
  });

  it('tells a designer whose save came after a colleague’s that the draft changed, reloads it, then makes the form the default the plan editor names', async () => {
    const { page } = stack;
    const colleague = await login(stack.app, 'zhao.sheji', FIXTURE_PASSWORD);
    const [{ id, definition }] = await stack.db.query(
      `SELECT t.id, v.definition FROM evaluation_form_templates t JOIN evaluation_form_versions v ON v.template_id = t.id AND v.status = 'draft' WHERE t.code = 'standard_evaluation'`,
    );
    const changed = { ...definition, sections: definition.sections.slice(0, -1) };
    expect(await call(stack.app, 'PUT', `/api/evaluation-forms/${id}/draft`, { token: colleague, body: { definition: changed, revision: 1 } })).toMatchObject({ status: 200 });

    stack.expectFailedRequest(/\/api\/evaluation-forms\/\d+\/draft$/, { status: 409, method: 'PUT' });
    await page.getByTestId('save-draft').click();
    await page.getByTestId('draft-changed').getByText('Someone else changed this draft since you opened it; your changes are not saved.').waitFor();
    await stack.shot('draft-changed');
    await page.getByTestId('reload-draft').click();
    await page.getByTestId('draft-changed').waitFor({ state: 'detached' });
    await page.getByTestId('save-draft').click();
    await page.locator('.ant-message').getByText('Draft saved').waitFor();
    await expect(stack.db.query(`SELECT revision FROM evaluation_form_versions WHERE template_id = $1 AND status = 'draft'`, [id])).resolves.toEqual([{ revision: 3 }]);

    await page.getByTestId('publish').click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: 'Publish' }).click();
    await page.getByText('Version 1 is published').waitFor();
    await page.getByRole('button', { name: 'Back to the forms' }).click();
    await page.waitForURL('**/evaluation-forms');
    await page.getByTestId('default-standard_evaluation').click();
    await page.locator('.ant-message').getByText('“Campaign execution evaluation” is now the default form').waitFor();
    await page.getByTestId('default-form').waitFor();
    await stack.shot('default-form');

    await page.goto('/campaigns/new');
    await page.getByTestId('editor-steps').getByText('Evaluation form', { exact: true }).click();
    await page.locator('.ant-select-selection-placeholder', { hasText: '(default: Campaign execution evaluation)' }).waitFor();
    await stack.shot('plan-default-form');
  });
});
