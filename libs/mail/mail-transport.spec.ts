import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { loadConfig } from '@lib/config';
import { startSmtpSink } from '../../test/support/smtp-sink';
import { MailTransport } from './mail-transport';

/** A transport to the given server with two pooled connections, the way the worker builds it. */
function transportTo(smtpUrl: string): MailTransport {
  return new MailTransport(
    loadConfig({ DATABASE_URL: 'postgres://unused@127.0.0.1/unused', REDIS_URL: 'redis://127.0.0.1:6379/0', SMTP_URL: smtpUrl, SMTP_POOL_SIZE: '2' }),
  );
}

const plainMail = { to: 'kunde@example.com', subject: '续保提醒', text: 'text', html: '<p>html</p>' };

describe(MailTransport.name, () => {
  it('sends over the connections it opens itself, several messages on each', async () => {
    const sink = await startSmtpSink();
    const transport = transportTo(sink.url);
    const messageIds = Array.from({ length: 10 }, (_, i) => `<contact-${i}.campaign-1@example.com>`);
    try {
      await Promise.all(messageIds.map((messageId) => transport.send({ ...plainMail, messageId })));
      expect(sink.received.map((mail) => mail.parsed.messageId).sort()).toEqual([...messageIds].sort());
      expect(sink.received[0].parsed.subject).toBe('续保提醒');
    } finally {
      transport.onModuleDestroy();
      await sink.close();
    }
  });

  it('fails a send with a connection error (no SMTP answer code) when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as { port: number };
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const transport = transportTo(`smtp://127.0.0.1:${port}`);
    try {
      const error = await transport.send(plainMail).then(() => null, (err: Error & { responseCode?: number }) => err);
      expect(error?.message).toContain('ECONNREFUSED');
      expect(error?.responseCode).toBeUndefined();
    } finally {
      transport.onModuleDestroy();
    }
  });

  it('signs with DKIM over both list headers and keeps List-Unsubscribe on one line', async () => {
    const sink = await startSmtpSink();
    const keyFile = join(mkdtempSync(join(tmpdir(), 'dkim-')), 'private.pem');
    writeFileSync(keyFile, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }));
    const config = loadConfig({
      DATABASE_URL: 'postgres://unused@127.0.0.1/unused',
      REDIS_URL: 'redis://127.0.0.1:6379/0',
      SMTP_URL: sink.url,
      MAIL_FROM: '江苏分公司 <campaigns@mail.example.com>',
      DKIM_DOMAIN: 'mail.example.com',
      DKIM_SELECTOR: 'campaigns2026',
      DKIM_PRIVATE_KEY_FILE: keyFile,
    });
    const mail = new MailTransport(config);
    const unsubscribe = `https://campaigns.example.com/api/t/u/${'x'.repeat(180)}`;
    try {
      await mail.send({
        to: 'customer@example.com',
        subject: '家财险专属优惠',
        text: '您好',
        html: '<p>您好</p>',
        messageId: '<contact-1.campaign-2@mail.example.com>',
        headers: { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      });
      const [received] = sink.received;
      const signature = received.raw.match(/^DKIM-Signature:[\s\S]*?(?=\r?\n\S)/m)?.[0].replace(/\r?\n\s+/g, ' ') ?? '';
      expect(signature).toContain('d=mail.example.com');
      expect(signature).toContain('s=campaigns2026');
      const signed = /[;\s]h=([^;]+)/.exec(signature)?.[1].toLowerCase().split(':').map((name) => name.trim()) ?? [];
      expect(signed).toEqual(expect.arrayContaining(['from', 'subject', 'message-id', 'list-unsubscribe', 'list-unsubscribe-post']));
      expect(received.raw).toContain(`\nList-Unsubscribe: <${unsubscribe}>`);
      expect(received.parsed.messageId).toBe('<contact-1.campaign-2@mail.example.com>');
      expect(mail.senderDomain).toBe('mail.example.com');
    } finally {
      mail.onModuleDestroy();
      await sink.close();
    }
  });
});
