import { createTransport } from 'nodemailer';
import { parseConnectionUrl } from 'nodemailer/lib/shared';
import { openWithoutDelay } from '@lib/mail/mail-transport';
import type { OutgoingMail } from '@lib/mail';

/**
 * The email benchmark's ceiling, run in a process of its own: nodemailer's pooled
 * transport alone sending messages rendered beforehand by the pipeline's own code, with
 * the same pool size, connections opened the same way and as many messages in flight as a worker process of the pipeline,
 * to the same SMTP server. Forked with IPC: it gets its work in one message and answers
 * with the milliseconds the sending took.
 */
export interface CeilingWork {
  smtpUrl: string;
  from: string;
  poolSize: number;
  inFlight: number;
  count: number;
  /** Rendered messages, sent in turn; each copy gets a Message-ID of its own. */
  samples: OutgoingMail[];
}

async function send(work: CeilingWork): Promise<number> {
  const transport = createTransport({ ...parseConnectionUrl(work.smtpUrl), pool: true, maxConnections: work.poolSize, maxMessages: Infinity, getSocket: openWithoutDelay } as Parameters<typeof createTransport>[0]);
  let next = 0;
  const started = performance.now();
  const lane = async (): Promise<void> => {
    while (next < work.count) {
      const index = next++;
      const sample = work.samples[index % work.samples.length];
      const headers = Object.fromEntries(Object.entries(sample.headers ?? {}).map(([name, value]) => [name, { prepared: true, value }]));
      await transport.sendMail({ from: work.from, ...sample, messageId: `<ceiling-${process.pid}-${index}@bench>`, headers });
    }
  };
  await Promise.all(Array.from({ length: work.inFlight }, lane));
  const ms = performance.now() - started;
  transport.close();
  return ms;
}

process.once('message', (work: CeilingWork) => {
  send(work).then(
    // Its CPU goes with the answer: the process is gone before the benchmark could read it.
    (ms) => {
      const cpu = process.cpuUsage();
      process.send?.({ ms, cpuMs: (cpu.user + cpu.system) / 1000 }, () => process.exit(0));
    },
    (error) => {
      console.error(`[ceiling] ${error.stack ?? error.message}`);
      process.exit(1);
    },
  );
});
