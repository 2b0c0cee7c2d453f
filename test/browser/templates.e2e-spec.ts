import { createCustomer, createFixtureOrg, createUser, FIXTURE_PASSWORD } from '../support/fixtures';
import { startSmtpSink, SmtpSink } from '../support/smtp-sink';
import { eventually } from '../support/test-app';
import { BrowserStack, logInAs, startBrowserStack } from './browser';

describe('Editing a message template in the browser', () => {
  let sink: SmtpSink;
  let stack: BrowserStack;
  const smtpBefore = process.env.SMTP_URL;

  beforeAll(async () => {
    sink = await startSmtpSink();
    process.env.SMTP_URL = sink.url;
    stack = await startBrowserStack('templates');
    const { db } = stack;
    const org = await createFixtureOrg(db);
    await db.query(`UPDATE org_units SET address = '江苏省南京市鼓楼区中山北路 8 号', phone = '025-83000000' WHERE id = $1`, [org.cityA]);
    const id = await createUser(db, 'wang.qudao', org.cityA, ['channel_manager']);
    await db.query(`UPDATE users SET email = 'wang.qudao@example.com' WHERE id = $1`, [id]);
    await createCustomer(db, org.countyA1, { name: '钱志刚', gender: 'M' });
    await createCustomer(db, org.countyA2, { name: '许婷', gender: 'F' });
  });

  afterAll(async () => {
    await stack?.close();
    await sink?.close();
    process.env.SMTP_URL = smtpBefore;
  });

  const previewHtml = () => stack.page.getByTestId('preview-frame').getAttribute('srcdoc');

  it('previews on a chosen customer as one types, shows an unknown variable at its field, saves and mails a test', async () => {
    const { page } = stack;
    await logInAs(page, 'wang.qudao', FIXTURE_PASSWORD);
    await page.locator('.ant-layout-sider').getByText('消息模板', { exact: true }).click();
    await page.waitForURL('**/templates');
    // A file template by its objective, with the reference a plan's step names it by.
    await page.getByText('邮件 · 交叉销售（cross_sell）').waitFor();
    await stack.shot('list');
    await page.getByTestId('new-template').click();
    await page.waitForURL('**/templates/new');

    await page.getByTestId('template-key').fill('email-nanjing-home');
    await page.getByTestId('template-name').fill('南京家财险推荐');
    const customer = page.getByTestId('preview-customer');
    await customer.click();
    await customer.locator('input').fill('许婷');
    await page.locator('.ant-select-item-option').filter({ hasText: '许婷' }).click();
    await page.getByTestId('preview-customer-name').getByText('正在用 许婷 预览').waitFor();

    await page.getByTestId('template-html').fill('<p>您好，{{customer.name}}{{customer.title}}！</p><p>{{branch.phone}}</p>');
    await eventually(async () => ((await previewHtml())?.includes('您好，许婷女士！') ? true : undefined));
    expect(await previewHtml()).toContain('江苏省南京市鼓楼区中山北路 8 号');
    await page.getByTestId('preview-subject').getByText('许婷女士，为您推荐：车险+家财 安居组合').waitFor();
    await stack.shot('preview');

    await page.getByTestId('template-html').fill('<p>您好，{{customer.nickname}}</p>');
    await page.getByTestId('problems-html').getByText('第 1 行第 9 列：没有变量“customer.nickname”').waitFor();
    await expect(page.getByTestId('preview-frame').count()).resolves.toBe(0);
    await stack.shot('problem');

    await page.getByTestId('template-html').fill('<p>您好，{{customer.name}}{{customer.title}}！</p>');
    await eventually(async () => ((await page.getByTestId('problems-html').count()) === 0 ? true : undefined));
    await page.getByTestId('save-template').click();
    await page.getByText('已保存为第 1 版').waitFor();
    await page.waitForURL(/\/templates\/\d+$/);

    await page.getByTestId('send-test').click();
    await page.getByText('测试邮件已发送至 wang.qudao@example.com').waitFor();
    const mail = await eventually(async () => sink.received.find((received) => received.to.includes('wang.qudao@example.com')));
    expect(mail.parsed.subject).toBe('[测试] 许婷女士，为您推荐：车险+家财 安居组合');
    expect(mail.parsed.html).toContain('您好，许婷女士！');
    await stack.shot('saved');
  });
});
