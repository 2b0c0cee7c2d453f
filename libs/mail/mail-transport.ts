import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { createTransport, SendMailOptions, Transporter } from 'nodemailer';
import { parseConnectionUrl } from 'nodemailer/lib/shared';
import { AppConfig } from '@lib/config';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Our own Message-ID, so a resent copy of the same mail is recognisable. */
  messageId?: string;
  /** Extra headers, written as given on one line (a folded List-Unsubscribe breaks some DKIM verifiers). */
  headers?: Record<string, string>;
}

/** Headers a DKIM signature covers: the RFC 6376 set plus both list headers, without which receivers offer no one-click unsubscribe. */
const DKIM_SIGNED_HEADERS = [
  'From', 'Sender', 'Reply-To', 'Subject', 'Date', 'Message-ID', 'To', 'Cc', 'MIME-Version', 'Content-Type',
  'Content-Transfer-Encoding', 'List-Id', 'List-Unsubscribe', 'List-Unsubscribe-Post',
].join(':');

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

  /**
   * Sends one mail; a refusal throws nodemailer's error, whose `responseCode` is the
   * SMTP answer (5xx: refused for good, 4xx: try later; none: the connection failed).
   */
  async send(mail: OutgoingMail): Promise<void> {
    const headers = Object.fromEntries(Object.entries(mail.headers ?? {}).map(([name, value]) => [name, { prepared: true, value }]));
    const options: SendMailOptions = { from: this.config.MAIL_FROM, ...mail, headers };
    await this.transport().sendMail(options);
  }

  /** The domain of the sender's address, for Message-IDs. */
  get senderDomain(): string {
    return /@([^>\s]+)/.exec(this.config.MAIL_FROM)?.[1] ?? 'localhost';
  }

  private transport(): Transporter {
    if (!this.config.SMTP_URL) throw new Error('No SMTP server is configured (SMTP_URL)');
    this.transporter ??= createTransport({
      // Given a url, nodemailer would ignore every other option.
      ...parseConnectionUrl(this.config.SMTP_URL),
      pool: true,
      maxConnections: this.config.SMTP_POOL_SIZE,
      // The pool's default of 100 messages per connection makes it reconnect for nothing.
      maxMessages: Infinity,
      getSocket: openWithoutDelay,
      dkim: this.config.DKIM_DOMAIN
        ? {
            domainName: this.config.DKIM_DOMAIN,
            keySelector: this.config.DKIM_SELECTOR as string,
            privateKey: readFileSync(this.config.DKIM_PRIVATE_KEY_FILE as string, 'utf8'),
            headerFieldNames: DKIM_SIGNED_HEADERS,
          }
        : undefined,
    } as Parameters<typeof createTransport>[0]);
    return this.transporter;
  }

  onModuleDestroy(): void {
    this.transporter?.close();
  }
}

/** As long as nodemailer waits for a connection of its own. */
const CONNECT_TIMEOUT_MS = 2 * 60_000;

/**
 * Opens each pooled connection with Nagle's algorithm off. With it on, the short last
 * write of every message waits for the server's delayed acknowledgement (40 ms on
 * Linux), so a connection sent about 20 messages a second whatever the server's speed.
 * nodemailer starts SMTP (and TLS for smtps://) on the socket as on its own; the
 * benchmark's ceiling opens its connections the same way.
 */
export function openWithoutDelay(
  options: { host?: string; port?: number; secure?: boolean },
  callback: (error: Error | null, socket?: { connection: ReturnType<typeof connect> }) => void,
): void {
  // nodemailer's own defaults when the URL names no host or port.
  const socket = connect({ host: options.host ?? 'localhost', port: options.port ?? (options.secure ? 465 : 587), noDelay: true });
  const failed = (error: Error) => callback(error);
  socket.once('error', failed);
  // nodemailer's connection timeout only starts once it has the socket.
  socket.setTimeout(CONNECT_TIMEOUT_MS, () => socket.destroy(new Error(`Connection timeout: no answer from ${options.host}:${options.port}`)));
  socket.once('connect', () => {
    socket.setTimeout(0);
    socket.off('error', failed);
    callback(null, { connection: socket });
  });
}
