import { mkdirSync, writeFileSync } from 'node:fs';

// scripts/bench.sh sets it; bench/results when a benchmark is run by hand.
const RESULTS_DIR = process.env.BENCH_RESULTS_DIR ?? 'bench/results';

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
