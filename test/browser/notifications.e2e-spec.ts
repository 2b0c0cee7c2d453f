import { NotificationService } from '@lib/notifications';
import { createFixtureOrg, createUser, FIXTURE_PASSWORD } from '../support/fixtures';
import { BrowserStack, logInAs, startBrowserStack } from './browser';

describe('Notification inbox in the browser', () => {
  let stack: BrowserStack;

  beforeAll(async () => {
    stack = await startBrowserStack('notifications');
    const org = await createFixtureOrg(stack.db);
    const reviewerId = await createUser(stack.db, 'reviewer.city', org.cityA, ['reviewer']);
    await stack.db.transaction((manager) =>
      stack.app.get(NotificationService).notify(manager, {
        kind: 'campaign_submitted',
        recipientIds: [reviewerId],
        params: { code: 'CMP-00042', name: '车险客户家财交叉销售', actor: '刘建华' },
        link: '/',
      }),
    );
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('shows the unread count in the header, lists the notice and marks it read when opened', async () => {
    const { page } = stack;
    await logInAs(page, 'reviewer.city', FIXTURE_PASSWORD);
    const bell = page.getByTestId('notification-bell');
    await page.getByRole('button', { name: '通知（1 条未读）' }).waitFor();
    await bell.click();
    const notice = page.getByTestId('notification');
    await notice.getByText('活动“车险客户家财交叉销售”（CMP-00042）待您审批').waitFor();
    await expect(notice.innerText()).resolves.toContain('刘建华 提交了活动计划');
    await stack.shot('inbox');
    await notice.getByRole('button', { name: /打\s*开/ }).click();
    await page.getByTestId('welcome').waitFor();
    await page.getByRole('button', { name: '通知（0 条未读）' }).waitFor();
  });
});
