import { mkdirSync, writeFileSync } from 'node:fs';

// scripts/bench.sh sets it (.data/bench-results unless told otherwise); the same when a benchmark is run by hand.
const RESULTS_DIR = process.env.BENCH_RESULTS_DIR ?? '.data/bench-results';

/** Writes <results dir>/<name>.json and <name>.md (the Markdown joined from its lines). */
export function writeBenchResults(name: string, json: object, markdown: string[]): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(`${RESULTS_DIR}/${name}.json`, `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(`${RESULTS_DIR}/${name}.md`, markdown.join('\n'));
}

/** How many times the floor a time is, to two decimals. */
export function ratio(value: number, floor: number): number {
  return Math.round((value / Math.max(floor, 1)) * 100) / 100;
}

/** The middle of a set of run times, in whole milliseconds. */
export function median(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)]);
}

/**
 * Medians of `runs` timed runs of the product's work and of its baseline, after one
 * warm-up each; the two alternate so that load from elsewhere on the machine falls
 * on both alike. `cleanUp` runs untimed after each run.
 */
export async function alternatingMedians(
  runs: number,
  work: () => Promise<unknown>,
  baseline: () => Promise<unknown>,
  cleanUp?: () => Promise<unknown>,
): Promise<[number, number]> {
  const times: [number[], number[]] = [[], []];
  for (let run = 0; run <= runs; run++) {
    for (const [index, job] of [work, baseline].entries()) {
      const started = performance.now();
      await job();
      if (run > 0) times[index].push(performance.now() - started);
      await cleanUp?.();
    }
  }
  return [median(times[0]), median(times[1])];
}
