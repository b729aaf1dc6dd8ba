import type { BenchRow, BenchSection } from '../lib/report.ts';
import { formatReport, runChaos } from '../../tests/chaos/run-chaos.ts';
import { fuzzBridge } from '../../tests/fuzz/bridge-fuzz.ts';
import { startBridgeTarget } from '../../tests/fuzz/bridge-target.ts';
import { fuzzServer } from '../../tests/fuzz/server-fuzz.ts';
import { floodFromOneUser, nonReadingSockets, signInDuringAuthFlood } from './abuse.ts';
import type { AbuseFigures } from './abuse.ts';
import { spawnServer } from '../../tests/support/server-process.ts';

/**
 * The trust section of `npm run bench` (issue 9's figures): the abuse figures (memory with sockets that
 * never read, others' latency during a flood, sign-ins during an auth flood; ./abuse.ts), the server and
 * bridge fuzzers' frames with 0 crashes, and the chaos run at 100,000 messages (lost, duplicated,
 * reordered, catch-up after a fault). BENCH_TRUST_MESSAGES and BENCH_TRUST_FRAMES scale it down for a quick
 * look (BENCH_TRUST_MESSAGES=0 leaves the chaos run out); the table says what ran.
 */
export async function runTrustBench(options: { log?: (line: string) => void } = {}): Promise<BenchSection> {
  const log = options.log ?? (() => undefined);
  const messages = Number(process.env.BENCH_TRUST_MESSAGES ?? 100_000);
  const frames = Number(process.env.BENCH_TRUST_FRAMES ?? 20_000);
  const seed = Math.floor(Math.random() * 2 ** 31);
  const gap = Math.max(100, Math.round(messages / 60));
  const abuse: AbuseFigures[] = [];
  log('trust: 10 sockets that never read');
  abuse.push(await nonReadingSockets());
  log('trust: others\u2019 sends during a 10\u00d7 flood from one user');
  abuse.push(await floodFromOneUser());
  log('trust: sign-ins during an auth flood');
  abuse.push(await signInDuringAuthFlood());

  log(`trust: fuzz, ${frames} frames at the server and at the bridge`);
  const server = await spawnServer();
  let fuzzed;
  try {
    fuzzed = await fuzzServer({ server, seed, frames, batch: 500 });
  } finally {
    await server.cleanup();
  }
  const bridgeTarget = await startBridgeTarget();
  let bridged;
  try {
    bridged = await fuzzBridge({ ...bridgeTarget, seed, frames, batch: 500 });
  } finally {
    await bridgeTarget.close();
  }
  const fuzzRows: BenchRow[] = [
    {
      name: 'fuzz: frames tried against the server, 0 crashes',
      value: fuzzed.framesTried,
      unit: 'frames',
      baseline: fuzzed.batches,
      baselineName: 'batches, each followed by a new client answered',
      goal: '0 crashes',
      met: true,
    },
    {
      name: 'fuzz: frames tried against the bridge and IPC router, 0 crashes',
      value: bridged.framesTried,
      unit: 'frames',
      baseline: bridged.batches,
      baselineName: 'batches, each followed by a new page answered',
      goal: '0 crashes',
      met: true,
    },
  ];
  const fuzzNotes = [
    `server fuzz seed ${fuzzed.seed}: ${JSON.stringify(fuzzed.byKind)}`,
    `bridge fuzz seed ${bridged.seed}: envelope frames ${JSON.stringify(bridged.outcomes)}; router answers ${JSON.stringify(bridged.codes)}`,
  ];
  const head = {
    rows: [...abuse.flatMap((a) => a.rows), ...fuzzRows],
    notes: [...abuse.flatMap((a) => a.notes), ...fuzzNotes],
  };
  if (messages === 0)
    return {
      title: 'Trust: abuse, fuzzing and chaos',
      rows: head.rows,
      notes: [...head.notes, 'The chaos run was left out (BENCH_TRUST_MESSAGES=0).'],
    };

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
    title: 'Trust: abuse, fuzzing and chaos',
    rows: [
      ...head.rows,
      zero('lost', chaos.lost),
      zero('duplicated', chaos.duplicated),
      zero('reordered', chaos.reordered),
      zero('missing from a cache', chaos.cacheMissing),
      {
        name: 'chaos: catch-up after a fault (outbox drained too), p99',
        value: chaos.catchUpP99Ms,
        unit: 'ms',
        baseline: chaos.catchUpP50Ms,
        baselineName: 'p50, same run',
        goal: '< 2,000 ms',
        met: chaos.catchUpP99Ms < 2_000,
      },
      {
        name: 'chaos: back online and caught up with the stream after a fault, p99',
        value: chaos.resyncP99Ms,
        unit: 'ms',
        baseline: chaos.resyncP50Ms,
        baselineName: 'p50, same run',
        goal: '< 2,000 ms',
        met: chaos.resyncP99Ms < 2_000,
      },
      {
        name: 'chaos: catch-up after the last fault',
        value: chaos.finalCatchUpMs,
        unit: 'ms',
        baseline: chaos.catchUpP50Ms,
        baselineName: 'p50 after a fault',
      },
    ],
    notes: [
      ...head.notes,
      `chaos seed ${chaos.seed}: ${chaos.attempted} attempted, ${chaos.acked} acked, ${chaos.failed} failed; faults ${JSON.stringify(chaos.faults)}; ${chaos.unsentAtKill} unsent messages in killed cores' outboxes; ${(chaos.durationMs / 1000).toFixed(0)} s`,
    ],
  };
}
