/**
 * `npm run chaos`: the long chaos run (see docs/proof.md). Real client cores in child processes send at
 * least 100,000 messages through fault proxies to a real server while the server is SIGKILLed, cores are
 * killed with unsent outboxes, and connections are reset, black-holed and cut mid-frame. Prints attempted,
 * acked, lost, duplicated, reordered and the catch-up times, and exits 1 unless nothing was lost,
 * duplicated or reordered.
 *
 *   npm run chaos                                   100,000 messages, 4 cores, a random seed
 *   npm run chaos -- --messages 5000 --seed 42      a shorter run, replaying seed 42
 */
import { parseArgs } from 'node:util';
import { formatReport, runChaos } from '../tests/chaos/run-chaos.ts';
import type { ChaosReport } from '../tests/chaos/run-chaos.ts';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '100000' },
    cores: { type: 'string', default: '4' },
    seed: { type: 'string' },
    quiet: { type: 'boolean', default: false },
  },
  strict: true,
});
const messages = Number(values.messages);
const cores = Number(values.cores);
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
if (!Number.isInteger(messages) || messages < 100 || !Number.isInteger(cores) || cores < 3) {
  console.error('npm run chaos: --messages takes an integer ≥ 100 and --cores an integer ≥ 3');
  process.exit(2);
}

/** The options `npm run chaos` and the bench's trust section use for a run of `messages`. */
export function longRunOptions(
  count: number,
  coreCount: number,
  runSeed: number,
  log?: (line: string) => void,
) {
  const gap = Math.max(100, Math.round(count / 60));
  return {
    messages: count,
    cores: coreCount,
    seed: runSeed,
    window: 25,
    faultGap: [gap, gap * 2] as [number, number],
    catchUpBudgetMs: 60_000,
    ...(log ? { log } : {}),
  };
}

console.error(`[chaos] seed ${seed}: ${messages} messages from ${cores} cores`);
let report: ChaosReport;
try {
  report = await runChaos(
    longRunOptions(
      messages,
      cores,
      seed,
      values.quiet ? undefined : (line) => console.error(`[chaos] ${line}`),
    ),
  );
} catch (error) {
  console.error(`[chaos] seed ${seed}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
console.log(formatReport(report));
const clean =
  report.lost + report.duplicated + report.reordered + report.failed + report.phantom === 0 &&
  report.cacheMissing + report.cacheDuplicated + report.cacheReordered + report.cacheExtra === 0;
if (!clean)
  console.error(`[chaos] FAILED; replay with: npm run chaos -- --messages ${messages} --seed ${seed}`);
process.exit(clean ? 0 : 1);
