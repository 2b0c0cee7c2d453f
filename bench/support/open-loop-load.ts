import { build, Histogram } from 'hdr-histogram-js';
import { once } from 'node:events';
import { connect, Socket } from 'node:net';

/**
 * An open-loop HTTP load generator, run as a process of its own: requests go out on a
 * fixed schedule (one every 1/rate s) whether or not earlier ones have answered, over
 * keep-alive connections opened before the first request, and each latency is
 * measured from the request's scheduled send time, so that a stall of the server (or
 * of this process) counts for every request it held up (coordinated omission). A
 * request due while every connection is busy waits for one, timed from its schedule
 * all the same and counted: new connections opened in a stall by the hundred overflow
 * the server's accept queue, and the kernel retries those after a second or more.
 * Written here because autocannon's fixed rate is a per-connection quota refilled each
 * second (bursts, then idle) corrected with an expected interval of 1 ms, and the
 * Node packages with a fixed rate (loadtest, artillery) measure from the actual send
 * in whole milliseconds; bench/README.md has the figures.
 *
 * The parent sends one `OpenLoopRequest` over IPC and gets one `OpenLoopResult` back.
 */
export interface OpenLoopRequest {
  host: string;
  port: number;
  /** Request paths, taken in turn. */
  paths: string[];
  rate: number;
  seconds: number;
  /** Connections, all opened before the first request. */
  connections: number;
}

export interface LatencyFigures {
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
}

export interface OpenLoopResult extends LatencyFigures {
  requestsPerSecond: number;
  requests: number;
  answered: number;
  /** Answers 200. */
  ok: number;
  /** Answers other than 200, broken connections and requests still unanswered at the end. */
  unexpected: number;
  /** Requests that waited for a connection since all were busy (none when there are enough). */
  waitedForConnection: number;
  /** Most requests in flight at once. */
  mostInFlight: number;
  /** How late this process sent requests against their schedule (its own floor). */
  sendLagP99Ms: number;
  /** From the actual send instead of the schedule, what a closed-loop tool would record. */
  fromSendP99Ms: number;
  /** This process's CPU over the run, in cores. */
  cpuCores: number;
}

/** How long requests still in flight at the schedule's end may take before they count as unanswered. */
const DRAIN_MS = 10_000;
/** How often the schedule is checked when no answer arrives meanwhile; Node's timers fire at 1 ms at best. */
const TICK_MS = 1;

const micros = () => build({ lowestDiscernibleValue: 1, highestTrackableValue: 120_000_000, numberOfSignificantValueDigits: 3 });
const ms = (histogram: Histogram, percentile: number) => Math.round(histogram.getValueAtPercentile(percentile) / 10) / 100;

interface InFlight {
  scheduledAt: number;
  sentAt: number;
}

class Connection {
  inFlight: InFlight | undefined;
  private buffer: Buffer = Buffer.alloc(0);

  constructor(
    readonly socket: Socket,
    private readonly answered: (connection: Connection, status: number, request: InFlight) => void,
    private readonly broken: (connection: Connection) => void,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.read(chunk));
    socket.on('error', () => this.broken(this));
    socket.on('close', () => this.broken(this));
  }

  send(request: Buffer, scheduledAt: number): void {
    this.inFlight = { scheduledAt, sentAt: performance.now() };
    this.socket.write(request);
  }

  /** One answer at a time (no pipelining): headers, then a body of Content-Length bytes. */
  private read(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const headEnd = this.buffer.indexOf('\r\n\r\n');
    if (headEnd < 0) return;
    const head = this.buffer.toString('latin1', 0, headEnd);
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    if (!length) {
      this.socket.destroy();
      return;
    }
    const end = headEnd + 4 + Number(length[1]);
    if (this.buffer.length < end) return;
    this.buffer = this.buffer.subarray(end);
    const request = this.inFlight;
    this.inFlight = undefined;
    if (request) this.answered(this, Number(head.slice(9, 12)), request);
  }
}

export async function runOpenLoop(options: OpenLoopRequest): Promise<OpenLoopResult> {
  const requests = options.paths.map((path) => Buffer.from(`GET ${path} HTTP/1.1\r\nHost: ${options.host}:${options.port}\r\nConnection: keep-alive\r\n\r\n`, 'latin1'));
  const latency = micros();
  const sendLag = micros();
  const fromSend = micros();
  const idle: Connection[] = [];
  const all = new Set<Connection>();
  /** Requests due while every connection was busy, in the order of their schedule. */
  const backlog: { request: Buffer; scheduledAt: number }[] = [];
  let answered = 0;
  let ok = 0;
  let unexpected = 0;
  let waited = 0;
  /** Sent or waiting, and neither answered nor lost with a broken connection. */
  let pending = 0;
  let mostInFlight = 0;

  const send = (connection: Connection, request: Buffer, scheduledAt: number): void => {
    connection.send(request, scheduledAt);
    sendLag.recordValue(Math.max(1, Math.round((connection.inFlight!.sentAt - scheduledAt) * 1000)));
  };
  const onAnswer = (connection: Connection, status: number, request: InFlight): void => {
    const now = performance.now();
    latency.recordValue(Math.max(1, Math.round((now - request.scheduledAt) * 1000)));
    fromSend.recordValue(Math.max(1, Math.round((now - request.sentAt) * 1000)));
    answered += 1;
    pending -= 1;
    if (status === 200) ok += 1;
    else unexpected += 1;
    const queued = backlog.shift();
    if (queued) send(connection, queued.request, queued.scheduledAt);
    else idle.push(connection);
    pump();
  };
  const onBroken = (connection: Connection): void => {
    if (!all.delete(connection)) return;
    if (connection.inFlight) {
      unexpected += 1;
      pending -= 1;
    }
    const at = idle.indexOf(connection);
    if (at >= 0) idle.splice(at, 1);
  };
  await Promise.all(
    Array.from({ length: options.connections }, async () => {
      const socket = connect(options.port, options.host);
      await once(socket, 'connect');
      const connection = new Connection(socket, onAnswer, onBroken);
      all.add(connection);
      idle.push(connection);
    }),
  );

  const total = Math.round(options.rate * options.seconds);
  const interval = 1000 / options.rate;
  const cpuBefore = process.cpuUsage();
  const start = performance.now() + 10;
  let sent = 0;
  // Sends every request whose time has come; called by the timer and after every answer.
  function pump(): void {
    const now = performance.now();
    while (sent < total) {
      const scheduledAt = start + sent * interval;
      if (scheduledAt > now) break;
      const request = requests[sent % requests.length];
      const connection = idle.pop();
      if (connection) send(connection, request, scheduledAt);
      else {
        backlog.push({ request, scheduledAt });
        waited += 1;
      }
      sent += 1;
      pending += 1;
    }
    mostInFlight = Math.max(mostInFlight, pending);
  }
  const timer = setInterval(pump, TICK_MS);
  const deadline = start + options.seconds * 1000 + DRAIN_MS;
  while (!(sent === total && pending === 0) && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  clearInterval(timer);
  const cpu = process.cpuUsage(cpuBefore);
  const wallMs = performance.now() - start;
  const left = [...all];
  all.clear();
  for (const connection of left) connection.socket.destroy();
  return {
    requestsPerSecond: Math.round(answered / options.seconds),
    requests: total,
    answered,
    ok,
    unexpected: unexpected + pending + (total - sent),
    waitedForConnection: waited,
    mostInFlight,
    p50Ms: ms(latency, 50),
    p90Ms: ms(latency, 90),
    p99Ms: ms(latency, 99),
    p999Ms: ms(latency, 99.9),
    maxMs: Math.round(latency.maxValue / 10) / 100,
    sendLagP99Ms: ms(sendLag, 99),
    fromSendP99Ms: ms(fromSend, 99),
    cpuCores: Math.round(((cpu.user + cpu.system) / 1000 / wallMs) * 100) / 100,
  };
}

if (require.main === module) {
  process.once('message', (request: OpenLoopRequest) => {
    runOpenLoop(request).then(
      (result) => process.send?.(result, () => process.exit(0)),
      (error: Error) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
