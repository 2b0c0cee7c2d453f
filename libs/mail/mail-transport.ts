import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { createTransport, SendMailOptions, Transporter } from 'nodemailer';
import { AppConfig } from '@lib/config';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Our own Message-ID, so a resent copy of the same mail is recognisable. */
  messageId?: string;
  headers?: Record<string, string>;
}

/**
 * The one way the platform sends mail: nodemailer over the SMTP server of SMTP_URL,
 * with a pool of connections. Services never touch nodemailer themselves, so tests
 * point SMTP_URL at a real SMTP server of their own.
 */
@Injectable()
export class MailTransport implements OnModuleDestroy {
  private transporter?: Transporter;

  constructor(private readonly config: AppConfig) {}

  /** False when no SMTP server is configured: mail is then not sent at all. */
  get configured(): boolean {
    return Boolean(this.config.SMTP_URL);
  }

  async send(mail: OutgoingMail): Promise<void> {
    if (!this.config.SMTP_URL) throw new Error('No SMTP server is configured (SMTP_URL)');
    this.transporter ??= createTransport(`${this.config.SMTP_URL}${this.config.SMTP_URL.includes('?') ? '&' : '?'}pool=true`);
    const options: SendMailOptions = { from: this.config.MAIL_FROM, ...mail };
    await this.transporter.sendMail(options);
  }

  onModuleDestroy(): void {
    this.transporter?.close();
  }
}
