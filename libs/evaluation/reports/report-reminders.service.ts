import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import Handlebars from 'handlebars';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { LOCAL_TODAY_SQL } from '@lib/common';
import { AppConfig } from '@lib/config';
import { MailTransport } from '@lib/mail';
import { REPORT_STATUS_NAMES, ReportStatus } from './report-status';

const OVERDUE = `e.status IN ('draft', 'returned') AND e.due_date < ${LOCAL_TODAY_SQL}`;

/**
 * The daily reminder of overdue reports: the executors of each overdue report's branch
 * get one mail per report and local day. The day's reminder row is written in the
 * transaction that sends the report's mails, so a second run that day finds it and
 * sends nothing, and a failed send leaves no row and is tried again by the next run.
 */
@Injectable()
export class ReportReminders {
  private readonly logger = new Logger(ReportReminders.name);
  private readonly html: HandlebarsTemplateDelegate;
  private readonly text: HandlebarsTemplateDelegate;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly mail: MailTransport,
    private readonly config: AppConfig,
  ) {
    const template = (name: string) => readFileSync(resolve(config.TEMPLATES_DIR, 'reports', name), 'utf8');
    this.html = Handlebars.compile(template('report-reminder.html.hbs'), { strict: true });
    this.text = Handlebars.compile(template('report-reminder.text.hbs'), { strict: true, noEscape: true });
  }

  /** Mails the executors of every overdue report not reminded today; returns how many mails were sent. */
  async remindOverdue(): Promise<number> {
    if (!this.mail.configured) {
      this.logger.warn('no SMTP server is configured (SMTP_URL): overdue reports are flagged but nobody is mailed');
      return 0;
    }
    const due: { id: number }[] = await this.dataSource.query(
      `SELECT e.id FROM evaluation_reports e
        WHERE ${OVERDUE} AND NOT EXISTS (SELECT 1 FROM evaluation_report_reminders m WHERE m.report_id = e.id AND m.reminded_on = ${LOCAL_TODAY_SQL})
        ORDER BY e.id`,
    );
    let sent = 0;
    for (const { id } of due) sent += await this.remind(id);
    return sent;
  }

  private async remind(reportId: number): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const recipients: { id: number; email: string }[] = await manager.query(
        `SELECT u.id, u.email FROM users u JOIN evaluation_reports e ON e.branch_id = u.org_unit_id
          WHERE e.id = $1 AND 'branch_executor' = ANY(u.roles) AND u.active AND u.email IS NOT NULL ORDER BY u.id`,
        [reportId],
      );
      // Claimed here: a run in another worker waits for this one's commit and then finds the row.
      const claimed = await manager.query(
        `INSERT INTO evaluation_report_reminders (report_id, reminded_on, recipients)
         SELECT e.id, ${LOCAL_TODAY_SQL}, $2 FROM evaluation_reports e WHERE e.id = $1 AND ${OVERDUE}
         ON CONFLICT DO NOTHING RETURNING report_id`,
        [reportId, recipients.length],
      );
      if (claimed.length === 0) return 0;
      const [report]: {
        campaign_name: string; campaign_code: string; branch_name: string; branch_name_en: string | null; due_date: string; status: ReportStatus; today: string;
      }[] = await manager.query(
        `SELECT r.name AS campaign_name, c.code AS campaign_code, b.name AS branch_name, b.name_en AS branch_name_en,
                to_char(e.due_date, 'YYYY-MM-DD') AS due_date, e.status, to_char(${LOCAL_TODAY_SQL}, 'YYYY-MM-DD') AS today
           FROM evaluation_reports e JOIN campaigns c ON c.id = e.campaign_id JOIN campaign_revisions r ON r.id = c.approved_revision_id
           JOIN org_units b ON b.id = e.branch_id WHERE e.id = $1`,
        [reportId],
      );
      const context = {
        campaignName: report.campaign_name,
        campaignCode: report.campaign_code,
        branchName: report.branch_name,
        branchNameEn: report.branch_name_en ?? report.branch_name,
        dueDate: report.due_date,
        statusZh: REPORT_STATUS_NAMES[report.status].zh,
        statusEn: REPORT_STATUS_NAMES[report.status].en,
        url: new URL(`/evaluation-reports/${reportId}`, this.config.PUBLIC_URL).toString(),
      };
      for (const recipient of recipients) {
        await this.mail.send({
          to: recipient.email,
          subject: `评估报告已逾期：${report.campaign_name} | Evaluation report overdue`,
          text: this.text(context),
          html: this.html(context),
          messageId: `<report-reminder-${reportId}-${report.today}-${recipient.id}@${this.mail.senderDomain}>`,
        });
      }
      return recipients.length;
    });
  }
}
