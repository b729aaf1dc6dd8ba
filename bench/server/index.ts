import { childCpuMs } from '../lib/process-cpu.ts';
import type { Summary } from '../lib/stats.ts';
import type { BenchRow, BenchSection } from '../lib/report.ts';
import { ratio } from '../lib/report.ts';
import { measureDurableCommit } from './disk-floor.ts';
import type { Target } from './harness.ts';
import { measureLatency } from './latency.ts';
import type { LatencyOptions, LatencyResult } from './latency.ts';
import { startRawRelay } from './raw-relay.ts';
import { BENCH_SEND_RATE, startServerTarget } from './server-target.ts';
import { measureThroughput } from './throughput.ts';
import type { ThroughputOptions, ThroughputResult } from './throughput.ts';

const PAIRS = 50; // 100 connected clients
const LATENCY: LatencyOptions = { rate: 500, warmupMs: 1_000, durationMs: 10_000, drainMs: 15_000 };
const THROUGHPUT: ThroughputOptions = { window: 8, warmupMs: 1_000, durationMs: 4_000 };

export interface ServerBenchOptions {
  /** Extra environment for the server process, e.g. NODE_OPTIONS=--cpu-prof to profile it. */
  serverEnv?: Record<string, string>;
  log?: (line: string) => void;
}

/**
 * The messaging server against a raw `ws` relay, both driven by the same client harness in the same run:
 * latency at a fixed rate, then maximum throughput. Each target gets fresh connections per scenario.
 */
export async function runServerBench(options: ServerBenchOptions = {}): Promise<BenchSection> {
  const log = options.log ?? (() => {});
  log(`server: starting and setting up ${PAIRS} pairs`);
  const server = await startServerTarget(PAIRS, options.serverEnv);
  const relay = await startRawRelay(server.target.pairs);
  try {
    const latency = async (target: Target) => {
      log(`${target.name}: latency, ${LATENCY.rate} msg/s for ${LATENCY.durationMs / 1000} s`);
      return measureLatency(target, LATENCY, `bench-lat-${target === relay.target ? 'relay' : 'server'}`);
    };
    const throughput = async (target: Target) => {
      log(`${target.name}: throughput, ${PAIRS * 2} clients for ${THROUGHPUT.durationMs / 1000} s`);
      const isServer = target === server.target;
      const cpuMs = isServer ? () => childCpuMs(process.pid, 'src-server/main.ts') : undefined;
      return measureThroughput(
        target,
        { ...THROUGHPUT, cpuMs },
        `bench-tput-${isServer ? 'server' : 'relay'}`,
      );
    };
    const serverLatency = await latency(server.target);
    const relayLatency = await latency(relay.target);
    const serverThroughput = await throughput(server.target);
    const relayThroughput = await throughput(relay.target);
    const disk = measureDurableCommit();
    return section(serverLatency, relayLatency, serverThroughput, relayThroughput, disk);
  } finally {
    await relay.close();
    await server.close();
  }
}

function section(
  sl: LatencyResult,
  rl: LatencyResult,
  st: ThroughputResult,
  rt: ThroughputResult,
  disk: Summary,
): BenchSection {
  const baselineName = 'raw ws relay';
  const at = `@ ${LATENCY.rate} msg/s`;
  const latencyRow = (name: string, value: number, baseline: number, p99: boolean): BenchRow => {
    const row: BenchRow = { name, value, unit: 'ms', baseline, baselineName };
    return p99 ? { ...row, goal: '≤ 2× baseline', met: ratio(row) <= 2 } : row;
  };
  const tputRow: BenchRow = {
    name: `relayed and persisted, ${PAIRS * 2} clients`,
    value: st.perSecond,
    unit: 'msg/s',
    baseline: rt.perSecond,
    baselineName,
  };
  return {
    title: 'Messaging server vs raw ws relay',
    rows: [
      latencyRow(`send→ack p50 ${at}`, sl.ack.p50, rl.ack.p50, false),
      latencyRow(`send→ack p99 ${at}`, sl.ack.p99, rl.ack.p99, true),
      latencyRow(`send→delivered p50 ${at}`, sl.delivered.p50, rl.delivered.p50, false),
      latencyRow(`send→delivered p99 ${at}`, sl.delivered.p99, rl.delivered.p99, true),
      { ...tputRow, goal: '≥ 0.5× baseline', met: ratio(tputRow) >= 0.5 },
    ],
    notes: [
      `Server: \`node src-server/main.ts\` as a child process, SQLite (WAL, synchronous=FULL) in a temp folder, --send-rate ${BENCH_SEND_RATE} (the default 30 per 10 s is a per-person abuse limit). Raw relay: a ws server in a worker thread of the bench process that routes and acks with no validation or storage.`,
      `Latency: open loop, ${LATENCY.rate} msg/s over ${PAIRS * 2} clients (each to its partner), ${LATENCY.warmupMs / 1000} s warm-up then ${LATENCY.durationMs / 1000} s measured; server ${describe(sl)}; relay ${describe(rl)}.`,
      `Throughput: closed loop, ${PAIRS * 2} clients each sending to its partner with ${THROUGHPUT.window} in flight, ${THROUGHPUT.warmupMs / 1000} s warm-up then ${THROUGHPUT.durationMs / 1000} s counted at the recipients; server received ${st.received}${errorText(st.errors)}, relay received ${rt.received}${errorText(rt.errors)}.`,
      cpuText(st),
      `Disk floor: one durable SQLite COMMIT (WAL, synchronous=FULL, one row) takes p50 ${disk.p50.toFixed(2)} ms, p99 ${disk.p99.toFixed(2)} ms here; the server acks only after one, the relay never waits for one.`,
    ],
  };
}

function describe(result: LatencyResult): string {
  return `${result.sent} sent, ${result.lost} lost, ack mean ${result.ack.mean.toFixed(2)} ms / max ${result.ack.max.toFixed(1)} ms${errorText(result.errors)}`;
}

function errorText(errors: ReadonlyMap<string, number>): string {
  if (errors.size === 0) return '';
  return ` (errors: ${[...errors].map(([code, n]) => `${code} ×${n}`).join(', ')})`;
}

/** Wall-clock throughput moves with whatever else the machine runs; CPU per message is the steadier figure. */
function cpuText(result: ThroughputResult): string {
  if (result.cpuMs === null || result.received === 0)
    return 'Server CPU per message: not measured (needs /proc).';
  const perMessage = (result.cpuMs * 1000) / result.received;
  return `Server CPU per relayed message: ${perMessage.toFixed(0)} µs (process CPU over the measured interval ÷ messages received), i.e. at most ~${Math.round(1e6 / perMessage).toLocaleString('en-US')} msg/s on one free core.`;
}
