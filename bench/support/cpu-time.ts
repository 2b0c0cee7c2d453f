import { readFileSync } from 'node:fs';
import { DataSource } from 'typeorm';

/** Linux counts CPU time in ticks of 10 ms (CLK_TCK 100). */
const TICK_MS = 10;

/** Where the CPU of a run went, per email sent, and how busy the machine was meanwhile. */
export interface CpuUse {
  /** The sending processes (workers, the naive worker or the ceiling's senders). */
  sendersMsPerEmail: number;
  /** PostgreSQL's backends on the benchmark's database. */
  postgresMsPerEmail: number;
  sinkMsPerEmail: number;
  /** Cores busy on the whole machine during the run, of `cores`. */
  machineBusyCores: number;
  /** Cores busy with anything else: other work on the machine, Redis, the benchmark's own process. */
  otherCores: number;
}

interface Snapshot {
  at: number;
  machineBusyMs: number;
  senders: Map<number, number>;
  postgres: Map<number, number>;
  sink: number;
}

/** A process's user and system CPU so far, 0 once it is gone. */
export function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command, which may hold spaces: utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

/** CPU time the whole machine has been busy, all cores together. */
export function machineBusyMs(): number {
  const ticks = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number);
  const idle = ticks[3] + ticks[4];
  return (ticks.reduce((sum, n) => sum + n, 0) - idle) * TICK_MS;
}

/** Measures the CPU of a run: `start` after the processes are up, `stop` before they exit. */
export class CpuMeter {
  private first?: Snapshot;

  constructor(
    private readonly db: DataSource,
    private readonly senderPids: () => number[],
    private readonly sinkPid: number,
  ) {}

  async start(): Promise<void> {
    this.first = await this.snapshot();
  }

  /** `sendersCpuMs` when the senders report their own CPU (they exit as they finish). */
  async stop(emails: number, sendersCpuMs?: number): Promise<CpuUse> {
    const last = await this.snapshot();
    const first = this.first!;
    const grown = (now: Map<number, number>, before: Map<number, number>) => [...now].reduce((sum, [pid, ms]) => sum + ms - (before.get(pid) ?? 0), 0);
    const senders = sendersCpuMs ?? grown(last.senders, first.senders);
    const postgres = grown(last.postgres, first.postgres);
    const sink = last.sink - first.sink;
    const wallMs = last.at - first.at;
    const busy = last.machineBusyMs - first.machineBusyMs;
    const perEmail = (ms: number) => Math.round((ms / Math.max(emails, 1)) * 1000) / 1000;
    const cores = (ms: number) => Math.round((ms / wallMs) * 100) / 100;
    return {
      sendersMsPerEmail: perEmail(senders),
      postgresMsPerEmail: perEmail(postgres),
      sinkMsPerEmail: perEmail(sink),
      machineBusyCores: cores(busy),
      otherCores: cores(Math.max(0, busy - senders - postgres - sink)),
    };
  }

  private async snapshot(): Promise<Snapshot> {
    const backends: { pid: number }[] = await this.db.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
    return {
      at: performance.now(),
      machineBusyMs: machineBusyMs(),
      senders: new Map(this.senderPids().map((pid) => [pid, processCpuMs(pid)])),
      postgres: new Map(backends.map(({ pid }) => [pid, processCpuMs(pid)])),
      sink: processCpuMs(this.sinkPid),
    };
  }
}
