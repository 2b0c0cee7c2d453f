import { AddressInfo } from 'node:net';
import { ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** What a test's SMTP server received: the envelope and the parsed message. */
export interface ReceivedMail {
  to: string[];
  raw: string;
  parsed: ParsedMail;
}

export interface SmtpSink {
  url: string;
  received: ReceivedMail[];
  close: () => Promise<void>;
}

/**
 * A real SMTP server on a free loopback port that keeps every message it is sent,
 * so tests check what actually went over SMTP. `reject` turns a recipient away with
 * an SMTP error code (5xx for a hard bounce, 4xx for a try-again); `delayMs` holds each answer back.
 */
export async function startSmtpSink(
  options: { reject?: (to: string) => number | undefined; delayMs?: () => number } = {},
): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const code = options.reject?.(address.address);
      if (!code) return callback();
      const error = Object.assign(new Error(`recipient ${address.address} refused`), { responseCode: code });
      callback(error);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw)
          .then((parsed) => {
            received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw, parsed });
            // A slow server: the answer comes later, as from a relay under load.
            setTimeout(callback, options.delayMs?.() ?? 0);
          })
          .catch(callback);
      });
    },
  });
  // A client that dies mid-session (the fault tests kill senders) resets its socket; that is the client's end, not the sink's.
  server.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') throw error;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
