import type { BenchRow, BenchSection } from '../lib/report.ts';
import { formatReport, runChaos } from '../../tests/chaos/run-chaos.ts';
import { fuzzServer } from '../../tests/fuzz/server-fuzz.ts';
import { spawnServer } from '../../tests/support/server-process.ts';

/**
 * The trust section of `npm run bench` (issue 9's figures): the chaos run at 100,000 messages or more
 * (lost, duplicated, reordered, catch-up after a fault) and the server fuzzer's frames with 0 crashes.
 * BENCH_TRUST_MESSAGES and BENCH_TRUST_FRAMES scale it down for a quick look; the table says what ran.
 */
export async function runTrustBench(options: { log?: (line: string) => void } = {}): Promise<BenchSection> {
  const log = options.log ?? (() => undefined);
  const messages = Number(process.env.BENCH_TRUST_MESSAGES ?? 100_000);
  const frames = Number(process.env.BENCH_TRUST_FRAMES ?? 20_000);
  const seed = Math.floor(Math.random() * 2 ** 31);
  const gap = Math.max(100, Math.round(messages / 60));
  log(`trust: chaos, ${messages} messages from 4 cores (seed ${seed})`);
  const chaos = await runChaos({
    messages,
    cores: 4,
    seed,
    window: 25,
    faultGap: [gap, gap * 2],
    catchUpBudgetMs: 60_000,
    log: (line) => log(`trust: ${line}`),
  });
  log(formatReport(chaos));
  log(`trust: fuzz, ${frames} frames`);
  const server = await spawnServer();
  let fuzzed;
  try {
    fuzzed = await fuzzServer({ server, seed, frames, batch: 500 });
  } finally {
    await server.cleanup();
  }
  const zero = (name: string, value: number): BenchRow => ({
    name: `chaos: ${name}`,
    value,
    unit: 'messages',
    baseline: chaos.attempted,
    baselineName: 'attempted',
    goal: '0',
    met: value === 0,
  });
  return {
    title: 'Trust: chaos and fuzzing',
    rows: [
      zero('lost', chaos.lost),
      zero('duplicated', chaos.duplicated),
      zero('reordered', chaos.reordered),
      zero('missing from a cache', chaos.cacheMissing),
      {
        name: 'chaos: catch-up after a fault, p99',
        value: chaos.catchUpP99Ms,
        unit: 'ms',
        baseline: chaos.catchUpP50Ms,
        baselineName: 'p50, same run',
        goal: '< 2,000 ms',
        met: chaos.catchUpP99Ms < 2_000,
      },
      {
        name: 'chaos: catch-up after the last fault',
        value: chaos.finalCatchUpMs,
        unit: 'ms',
        baseline: chaos.catchUpP50Ms,
        baselineName: 'p50 after a fault',
      },
      {
        name: 'fuzz: frames tried against the server, 0 crashes',
        value: fuzzed.framesTried,
        unit: 'frames',
        baseline: fuzzed.batches,
        baselineName: 'batches, each followed by a new client answered',
        goal: '0 crashes',
        met: true,
      },
    ],
    notes: [
      `chaos seed ${chaos.seed}: ${chaos.attempted} attempted, ${chaos.acked} acked, ${chaos.failed} failed; faults ${JSON.stringify(chaos.faults)}; ${chaos.unsentAtKill} unsent messages in killed cores' outboxes; ${(chaos.durationMs / 1000).toFixed(0)} s`,
      `fuzz seed ${fuzzed.seed}: ${JSON.stringify(fuzzed.byKind)}`,
      'Not measured here yet: server memory with 10 non-reading sockets, other users\u2019 p99 during a 10\u00d7 flood, sign-ins during an auth flood (see docs/proof.md).',
    ],
  };
}
