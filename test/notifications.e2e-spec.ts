import { INestApplicationContext } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { NotificationService } from '@lib/notifications';
import { createFixtureOrg, createUser, FIXTURE_PASSWORD, resetState } from './support/fixtures';
import { startSmtpSink, SmtpSink } from './support/smtp-sink';
import { call, eventually, login, startApi, startWorker } from './support/test-app';

describe(NotificationService.name, () => {
  let sink: SmtpSink;
  let app: NestFastifyApplication;
  let worker: INestApplicationContext;
  let db: DataSource;
  let notifications: NotificationService;
  let reviewerId: number;
  let ownerId: number;
  let reviewer: string;
  let owner: string;
  const smtpBefore = process.env.SMTP_URL;

  beforeAll(async () => {
    sink = await startSmtpSink();
    process.env.SMTP_URL = sink.url;
    app = await startApi();
    db = await resetState(app);
    worker = await startWorker();
    notifications = app.get(NotificationService);
    const org = await createFixtureOrg(db);
    reviewerId = await createUser(db, 'reviewer.city', org.cityA, ['reviewer']);
    ownerId = await createUser(db, 'cm.province', org.province, ['campaign_manager']);
    await db.query(`UPDATE users SET email = 'reviewer.city@example.com' WHERE id = $1`, [reviewerId]);
    reviewer = await login(app, 'reviewer.city', FIXTURE_PASSWORD);
    owner = await login(app, 'cm.province', FIXTURE_PASSWORD);
  });

  afterAll(async () => {
    await worker.close();
    await app.close();
    await sink.close();
    process.env.SMTP_URL = smtpBefore;
  });

  it('puts a notice in the inbox with the change that caused it, and mails recipients who have an address', async () => {
    await db.transaction((manager) =>
      notifications.notify(manager, {
        kind: 'campaign_submitted',
        recipientIds: [reviewerId, ownerId],
        params: { code: 'CMP-00001', name: '车险客户家财交叉销售', actor: '张经理' },
        link: '/campaigns/1',
      }),
    );
    await notifications.deliverSoon();

    const mail = await eventually(async () => sink.received[0]);
    expect(mail.to).toEqual(['reviewer.city@example.com']);
    expect(mail.parsed.subject).toBe('活动“车险客户家财交叉销售”（CMP-00001）待您审批 | Campaign “车险客户家财交叉销售” (CMP-00001) awaits your approval');
    expect(mail.parsed.from?.text).toContain('营销活动平台');
    expect(mail.parsed.text).toContain('张经理 提交了活动计划');
    expect(mail.parsed.text).toContain('http://localhost:3000/campaigns/1');
    expect(mail.parsed.html).toContain('<a href="http://localhost:3000/campaigns/1">');
    expect(mail.parsed.messageId).toMatch(/^<notification-\d+@campaigns>$/);

    const inbox = await call(app, 'GET', '/api/notifications', { token: reviewer });
    expect(inbox.status).toBe(200);
    expect(inbox.body.total).toBe(1);
    expect(inbox.body.items[0]).toMatchObject({
      kind: 'campaign_submitted',
      title: { zh: '活动“车险客户家财交叉销售”（CMP-00001）待您审批' },
      link: '/campaigns/1',
      readAt: null,
    });
    // The owner has no address: the inbox tells them, no mail is waiting for them.
    const [ownerRow] = await db.query(`SELECT email_status FROM notifications WHERE recipient_id = $1`, [ownerId]);
    expect(ownerRow.email_status).toBe('none');
    const [reviewerRow] = await db.query(`SELECT email_status FROM notifications WHERE recipient_id = $1`, [reviewerId]);
    expect(reviewerRow.email_status).toBe('sent');
  });

  it('writes no notice when the change it belongs to rolls back', async () => {
    await expect(
      db.transaction(async (manager) => {
        await notifications.notify(manager, { kind: 'campaign_approved', recipientIds: [ownerId], params: { code: 'X', name: 'x', actor: 'y' } });
        throw new Error('the approval failed');
      }),
    ).rejects.toThrow('the approval failed');
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM notifications WHERE kind = 'campaign_approved'`);
    expect(n).toBe(0);
  });

  it('counts unread notices and lets only their recipient mark them read', async () => {
    const { body: before } = await call(app, 'GET', '/api/notifications/unread-count', { token: reviewer });
    expect(before).toEqual({ unread: 1 });
    const { body: inbox } = await call(app, 'GET', '/api/notifications', { token: reviewer });
    const id = inbox.items[0].id;

    const foreign = await call(app, 'POST', `/api/notifications/${id}/read`, { token: owner });
    expect(foreign.status).toBe(404);
    expect((await call(app, 'GET', '/api/notifications/unread-count', { token: reviewer })).body).toEqual({ unread: 1 });

    expect((await call(app, 'POST', `/api/notifications/${id}/read`, { token: reviewer })).status).toBe(204);
    expect((await call(app, 'GET', '/api/notifications/unread-count', { token: reviewer })).body).toEqual({ unread: 0 });
    expect((await call(app, 'GET', '/api/notifications/unread-count', { token: owner })).body).toEqual({ unread: 1 });
    expect((await call(app, 'POST', '/api/notifications/read-all', { token: owner })).status).toBe(204);
    expect((await call(app, 'GET', '/api/notifications/unread-count', { token: owner })).body).toEqual({ unread: 0 });
  });

  it('sends nothing twice when delivery runs again', async () => {
    await notifications.deliverEmails();
    await notifications.deliverEmails();
    expect(sink.received).toHaveLength(1);
  });
});
