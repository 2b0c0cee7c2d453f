import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import Handlebars from 'handlebars';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DataSource, EntityManager } from 'typeorm';
import { NotFoundError, Page, PageQuery } from '@lib/common';
import { AppConfig } from '@lib/config';
import { MailTransport } from '@lib/mail';
import { JOB_OPTIONS, JobName, JobQueue } from '@lib/queue';
import { NotificationKind, NotificationParams, notificationText } from './notification-kinds';
import type { NotificationView, UnreadCount } from './notification.view';

export interface Notice {
  kind: NotificationKind;
  recipientIds: number[];
  params: NotificationParams;
  /** Path in the web UI, e.g. /campaigns/12. */
  link?: string;
}

/** Mails claimed per transaction. */
const DELIVERY_BATCH = 50;
/** A mail that failed this often is given up (the inbox still has it). */
const MAX_EMAIL_ATTEMPTS = 5;


interface NotificationRow {
  id: string;
  kind: NotificationKind;
  params: NotificationParams;
  link: string | null;
  created_at: Date;
  read_at: Date | null;
}

/**
 * Tells staff what needs them: an inbox row per recipient, written in the caller's
 * transaction so that a notice exists exactly when the change it tells of does, and
 * an email for recipients with an address, which the worker sends afterwards (the
 * rows waiting for it are the outbox, so a crash or a Redis outage delays mail but
 * loses none). Notifications are staff messages, never customer contacts.
 */
@Injectable()
export class NotificationService {
  private readonly logger = new Logger(NotificationService.name);
  private readonly html: HandlebarsTemplateDelegate;
  private readonly text: HandlebarsTemplateDelegate;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly mail: MailTransport,
    private readonly jobs: JobQueue,
    private readonly config: AppConfig,
  ) {
    // Read at start-up, so a missing template stops the app with its path instead of failing a mail later.
    const template = (name: string) => readFileSync(resolve(config.TEMPLATES_DIR, 'notifications', name), 'utf8');
    this.html = Handlebars.compile(template('notification.html.hbs'), { strict: true });
    this.text = Handlebars.compile(template('notification.text.hbs'), { strict: true, noEscape: true });
  }

  /** Writes the notice for every active recipient (each once) in the caller's transaction. */
  async notify(manager: EntityManager, notice: Notice): Promise<void> {
    if (notice.recipientIds.length === 0) return;
    await manager.query(
      `INSERT INTO notifications (recipient_id, kind, params, link, email_status)
       SELECT u.id, $2, $3::jsonb, $4, CASE WHEN u.email IS NOT NULL AND $5 THEN 'pending' ELSE 'none' END
         FROM users u WHERE u.id = ANY($1::int[]) AND u.active`,
      [[...new Set(notice.recipientIds)], notice.kind, JSON.stringify(notice.params), notice.link ?? null, this.mail.configured],
    );
  }

  /** Asks the worker to mail what waits; call after the transaction that notified has committed. */
  async deliverSoon(): Promise<void> {
    if (!this.mail.configured) return;
    // One waiting run is enough: the id keeps a second nudge from queueing another.
    await this.jobs.add(JobName.DeliverNotificationEmails, {}, 'deliver-notification-emails');
  }

  async inbox(userId: number, page: PageQuery): Promise<Page<NotificationView>> {
    const rows: (NotificationRow & { total: number })[] = await this.dataSource.query(
      `SELECT id, kind, params, link, created_at, read_at, count(*) OVER ()::int AS total
         FROM notifications WHERE recipient_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3`,
      [userId, page.pageSize, (page.page - 1) * page.pageSize],
    );
    const total = rows[0]?.total ?? (await this.totalOf(userId));
    return { items: rows.map(toView), total, page: page.page, pageSize: page.pageSize };
  }

  async unreadCount(userId: number): Promise<UnreadCount> {
    const [row] = await this.dataSource.query(`SELECT count(*)::int AS n FROM notifications WHERE recipient_id = $1 AND read_at IS NULL`, [userId]);
    return { unread: row.n };
  }

  /** Marks one of the user's own notifications read; another user's answers 404. */
  async markRead(userId: number, id: string): Promise<void> {
    const [found] = await this.dataSource.query(
      `UPDATE notifications SET read_at = coalesce(read_at, now()) WHERE id = $1 AND recipient_id = $2 RETURNING id`,
      [id, userId],
    );
    if (found.length === 0) throw new NotFoundError('notification', id);
  }

  async markAllRead(userId: number): Promise<void> {
    await this.dataSource.query(`UPDATE notifications SET read_at = now() WHERE recipient_id = $1 AND read_at IS NULL`, [userId]);
  }

  /**
   * Mails what waits, a batch at a time until a batch comes back short. Rows are
   * claimed with SKIP LOCKED, so several workers share the work; a mail is marked sent
   * in the transaction that claimed it, so a crash before the commit resends at most
   * that batch. Failed mails stay waiting for the next run. Returns how many were sent.
   */
  async deliverEmails(): Promise<number> {
    let sent = 0;
    for (;;) {
      const claimed = await this.dataSource.transaction(async (manager) => {
        const batch: (NotificationRow & { email: string })[] = await manager.query(
          `SELECT n.id, n.kind, n.params, n.link, u.email
             FROM notifications n JOIN users u ON u.id = n.recipient_id
            WHERE n.email_status = 'pending' ORDER BY n.id LIMIT $1 FOR UPDATE OF n SKIP LOCKED`,
          [DELIVERY_BATCH],
        );
        for (const row of batch) {
          const ok = await this.mailOne(row);
          if (ok) sent += 1;
          await manager.query(
            `UPDATE notifications SET email_attempts = email_attempts + 1,
                    email_status = CASE WHEN $2 THEN 'sent' WHEN email_attempts + 1 >= $3 THEN 'failed' ELSE 'pending' END,
                    emailed_at = CASE WHEN $2 THEN now() END
              WHERE id = $1`,
            [row.id, ok, MAX_EMAIL_ATTEMPTS],
          );
        }
        return batch.length;
      });
      if (claimed < DELIVERY_BATCH) return sent;
    }
  }

  /** A run every few minutes picks up mail that failed or that no nudge reached (a worker down, Redis restarted). */
  async scheduleDelivery(): Promise<void> {
    await this.jobs
      .queue(JobName.DeliverNotificationEmails)
      .upsertJobScheduler('deliver-notification-emails-every-5-minutes', { every: 5 * 60_000 }, {
        name: JobName.DeliverNotificationEmails,
        data: {},
        opts: JOB_OPTIONS[JobName.DeliverNotificationEmails],
      });
  }

  private async mailOne(row: NotificationRow & { email: string }): Promise<boolean> {
    const { title, body } = notificationText(row.kind, row.params);
    const url = row.link ? new URL(row.link, this.config.PUBLIC_URL).toString() : '';
    const context = { title, body, url };
    try {
      await this.mail.send({
        to: row.email,
        subject: `${title.zh} | ${title.en}`,
        text: this.text(context),
        html: this.html(context),
        messageId: `<notification-${row.id}@campaigns>`,
      });
      return true;
    } catch (error) {
      this.logger.warn(`notification ${row.id} not mailed: ${error instanceof Error ? error.message : error}`);
      return false;
    }
  }

  /** For a page past the end, which has no row to carry the total. */
  private async totalOf(userId: number): Promise<number> {
    const [row] = await this.dataSource.query(`SELECT count(*)::int AS n FROM notifications WHERE recipient_id = $1`, [userId]);
    return row.n;
  }
}

function toView(row: NotificationRow): NotificationView {
  const { title, body } = notificationText(row.kind, row.params);
  return {
    id: String(row.id),
    kind: row.kind,
    title,
    body,
    link: row.link,
    createdAt: row.created_at.toISOString(),
    readAt: row.read_at ? row.read_at.toISOString() : null,
  };
}
