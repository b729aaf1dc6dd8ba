import { LIMITS } from '../../src-shared/limits.ts';
import { childCpuMs } from '../lib/process-cpu.ts';
import type { BenchRow, BenchSection } from '../lib/report.ts';
import { ratio } from '../lib/report.ts';
import { measureBacklog } from './backlog.ts';
import type { BacklogResult } from './backlog.ts';
import { measureDiskFloor } from './disk-floor.ts';
import type { DiskFloor } from './disk-floor.ts';
import { withPairs } from './harness.ts';
import type { Pair, Target } from './harness.ts';
import { measureLatency } from './latency.ts';
import type { LatencyOptions } from './latency.ts';
import { errorText, latencyNotes, latencyRows } from './latency-report.ts';
import type { LatencyFigures, LatencyScenario } from './latency-report.ts';
import { startRawRelay } from './raw-relay.ts';
import { between, readSendAckHistogram, readThreadsBusyMs } from './server-side.ts';
import type { ServerSideFigure } from './server-side.ts';
import { BENCH_SEND_RATE, startServerTarget } from './server-target.ts';
import { measureThroughput } from './throughput.ts';
import type { ThroughputOptions, ThroughputResult } from './throughput.ts';

/** 100 connected clients for the bench's own throughput scenario; the others use some of these pairs. */
const PAIRS = 50;
/** The workload (issue 12): 50 clients in 25 pairs, one side of each sending. */
const SENDING_PAIRS = 25;
const LATENCY: LatencyOptions = {
  rate: 1_000,
  warmupMs: 1_000,
  // 10,000 samples: the p99 is the 100th slowest, not the 50th (one stray stall moved it less).
  durationMs: 10_000,
  drainMs: 15_000,
  oneWay: true,
};
/** "Another user floods at 10× the rate." */
const FLOOD_RATE = 10 * LATENCY.rate;
const LATENCY_SCENARIO: LatencyScenario = {
  rate: LATENCY.rate,
  floodRate: FLOOD_RATE,
  senders: SENDING_PAIRS,
  warmupMs: LATENCY.warmupMs,
  durationMs: LATENCY.durationMs,
};
const ALL_TO_ALL: ThroughputOptions = { window: 8, oneWay: false, warmupMs: 1_000, durationMs: 4_000 };
const SENDERS_32: ThroughputOptions = { window: 32, oneWay: true, warmupMs: 1_000, durationMs: 4_000 };
/** A client's outbox reconnecting with 1,000 messages, sending as many at once as the server takes. */
const BACKLOG = { messages: 1_000, window: LIMITS.requestsInFlightPerSocket };

export interface ServerBenchOptions {
  /** Extra environment for the server process, e.g. NODE_OPTIONS=--cpu-prof to profile it. */
  serverEnv?: Record<string, string>;
  log?: (line: string) => void;
  /** Only the latency scenarios (alone and beside the flood) and the disk floor: `--only server-latency`. */
  latencyOnly?: boolean;
}

interface Measured {
  latency: LatencyFigures;
  allToAll: ThroughputResult;
  senders32: ThroughputResult;
  backlog: BacklogResult;
}

/**
 * The messaging server against a raw `ws` relay, both driven by the same client harness in the same run,
 * each scenario on the server and then on the relay: latency at a fixed rate (alone, then beside a user
 * flooding at ten times the rate), throughput in two shapes (100 clients × 8 in flight, and the 25
 * senders × 32 in flight), and a 1,000-message backlog on one socket. Fresh connections per scenario.
 */
export async function runServerBench(options: ServerBenchOptions = {}): Promise<BenchSection> {
  const log = options.log ?? (() => {});
  const pairCount = options.latencyOnly ? SENDING_PAIRS + 1 : PAIRS;
  log(`server: starting and setting up ${pairCount} pairs`);
  const server = await startServerTarget(pairCount, options.serverEnv);
  const relay = await startRawRelay(server.target.pairs);
  try {
    const sending = (target: Target) => withPairs(target, target.pairs.slice(0, SENDING_PAIRS));
    const floodPair = (target: Target): Pair => pairAt(target, SENDING_PAIRS);
    const backlogPair = (target: Target): Pair => pairAt(target, SENDING_PAIRS + 1);
    const both = async <T>(what: string, run: (target: Target, id: string) => Promise<T>) => {
      log(`server: ${what}`);
      const s = await run(server.target, 'server');
      log(`raw ws relay: ${what}`);
      const r = await run(relay.target, 'relay');
      return { server: s, relay: r };
    };
    const cpuMs = (id: string) =>
      id === 'server' ? () => childCpuMs(process.pid, 'src-server/main.ts') : undefined;
    const threadsBusyMs = (id: string) =>
      id === 'server' ? () => readThreadsBusyMs(server.server.url) : undefined;
    // The server's own send→ack histogram over each latency scenario (server-side.ts).
    const inside: { quiet: ServerSideFigure | null; flooded: ServerSideFigure | null } = {
      quiet: null,
      flooded: null,
    };
    const timedInside = async <T>(id: string, scenario: keyof typeof inside, run: () => Promise<T>) => {
      if (id !== 'server') return run();
      const before = await readSendAckHistogram(server.server.url);
      const result = await run();
      inside[scenario] = between(before, await readSendAckHistogram(server.server.url));
      return result;
    };

    // Just before the quiet scenario, at its rate and for its length, so both see the disk as it is now.
    log(`disk floor: durable one-row commits at ${LATENCY.rate}/s for ${LATENCY.durationMs / 1000} s`);
    const disk = await measureDiskFloor({ rate: LATENCY.rate, durationMs: LATENCY.durationMs });
    const quiet = await both(`latency, ${LATENCY.rate} msg/s from ${SENDING_PAIRS} senders`, (t, id) =>
      timedInside(id, 'quiet', () => measureLatency(sending(t), LATENCY, `bench-lat-${id}`)),
    );
    const flooded = await both(`latency beside a ${FLOOD_RATE} msg/s flood`, (t, id) =>
      timedInside(id, 'flooded', () =>
        measureLatency(
          sending(t),
          { ...LATENCY, flood: { pair: floodPair(t), rate: FLOOD_RATE } },
          `bench-flood-${id}`,
        ),
      ),
    );
    const latency = {
      server: { quiet: quiet.server, flooded: flooded.server },
      relay: { quiet: quiet.relay, flooded: flooded.relay },
    };
    if (options.latencyOnly) {
      return {
        title: 'Messaging server vs raw ws relay: latency only',
        rows: latencyRows(LATENCY_SCENARIO, latency.server, latency.relay, disk),
        notes: [SERVER_NOTE, ...latencyNotes(LATENCY_SCENARIO, latency.server, latency.relay, disk, inside)],
      };
    }
    const allToAll = await both(
      `throughput, ${PAIRS * 2} clients × ${ALL_TO_ALL.window} in flight`,
      (t, id) =>
        measureThroughput(
          t,
          { ...ALL_TO_ALL, cpuMs: cpuMs(id), threadsBusyMs: threadsBusyMs(id) },
          `bench-tput-${id}`,
        ),
    );
    const senders32 = await both(
      `throughput, ${SENDING_PAIRS} senders × ${SENDERS_32.window} in flight`,
      (t, id) =>
        measureThroughput(
          sending(t),
          { ...SENDERS_32, cpuMs: cpuMs(id), threadsBusyMs: threadsBusyMs(id) },
          `bench-tput32-${id}`,
        ),
    );
    const backlog = await both(`a ${BACKLOG.messages}-message backlog on one socket`, (t, id) =>
      measureBacklog(t, backlogPair(t), BACKLOG, `bench-backlog-${id}`),
    );
    const pick = (side: 'server' | 'relay'): Measured => ({
      latency: latency[side],
      allToAll: allToAll[side],
      senders32: senders32[side],
      backlog: backlog[side],
    });
    return section(pick('server'), pick('relay'), disk, inside);
  } finally {
    await relay.close();
    await server.close();
  }
}

function pairAt(target: Target, index: number): Pair {
  const pair = target.pairs[index];
  if (!pair) throw new Error(`bench: no pair ${index}`);
  return pair;
}

const SERVER_NOTE = `Server: \`node src-server/main.ts\` as a child process, SQLite (WAL; each ack waits for the WAL sync covering its commit, run off the event loop) in a temp folder, --send-rate ${BENCH_SEND_RATE} (the default 30 per 10 s is a per-person abuse limit). Raw relay: a ws server in a worker thread of the bench process that routes and acks with no validation or storage. Bodies of 100 bytes.`;

function section(
  s: Measured,
  r: Measured,
  disk: DiskFloor,
  inside: Parameters<typeof latencyNotes>[4],
): BenchSection {
  const baselineName = 'raw ws relay';
  const row = (name: string, value: number, baseline: number, unit: string): BenchRow => ({
    name,
    value,
    unit,
    baseline,
    baselineName,
  });
  const tput = (name: string, server: ThroughputResult, relay: ThroughputResult): BenchRow => {
    const t = row(name, server.perSecond, relay.perSecond, 'msg/s');
    return { ...t, goal: '≥ 0.3× baseline (long term 0.5×)', met: ratio(t) >= 0.3 };
  };
  return {
    title: 'Messaging server vs raw ws relay',
    rows: [
      ...latencyRows(LATENCY_SCENARIO, s.latency, r.latency, disk),
      tput(
        `relayed and persisted, ${PAIRS * 2} clients × ${ALL_TO_ALL.window} in flight`,
        s.allToAll,
        r.allToAll,
      ),
      tput(
        `relayed and persisted, ${SENDING_PAIRS} senders × ${SENDERS_32.window} in flight`,
        s.senders32,
        r.senders32,
      ),
      {
        ...row(
          `${BACKLOG.messages.toLocaleString('en-US')}-message backlog on one socket, first send → last ack`,
          s.backlog.ms,
          r.backlog.ms,
          'ms',
        ),
        goal: '< 1,000 ms',
        met: s.backlog.acked === BACKLOG.messages && s.backlog.ms < 1_000,
      },
    ],
    notes: [
      SERVER_NOTE,
      ...latencyNotes(LATENCY_SCENARIO, s.latency, r.latency, disk, inside),
      `Throughput: closed loop, counted at the recipients over ${ALL_TO_ALL.durationMs / 1000} s after a ${ALL_TO_ALL.warmupMs / 1000} s warm-up. ${PAIRS * 2} clients each sending to its partner with ${ALL_TO_ALL.window} in flight: server received ${s.allToAll.received}${errorText(s.allToAll.errors)}, relay ${r.allToAll.received}${errorText(r.allToAll.errors)}. ${SENDING_PAIRS} senders × ${SENDERS_32.window} in flight to ${SENDING_PAIRS} recipients: server received ${s.senders32.received}${errorText(s.senders32.errors)}, relay ${r.senders32.received}${errorText(r.senders32.errors)}.`,
      `Server CPU per relayed message (process CPU over the measured interval ÷ messages received): ${cpuText(s.allToAll)} with ${PAIRS * 2} clients × ${ALL_TO_ALL.window}; ${cpuText(s.senders32)} with ${SENDING_PAIRS} × ${SENDERS_32.window}.`,
      `Busy share of the server's threads over the measured interval (each event loop's active time, from its beatpass_thread_busy_seconds): ${busyText(s.allToAll)} with ${PAIRS * 2} clients × ${ALL_TO_ALL.window}; ${busyText(s.senders32)} with ${SENDING_PAIRS} × ${SENDERS_32.window}. A thread near 100 % is the limit.`,
      `Backlog: one socket pipelines ${BACKLOG.messages} sends to one conversation, ${BACKLOG.window} in flight (the server's per-socket cap), a new one per ack: server ${backlogText(s.backlog)}; relay ${backlogText(r.backlog)}.`,
    ],
  };
}

/** The server's threads (ops/metrics.ts ThreadBusy), the one that limits first. */
const THREADS = ['store', 'main'] as const;

function busyText(result: ThroughputResult): string {
  const shares = THREADS.flatMap((thread) => {
    const share = result.threadsBusy?.get(thread);
    return share === undefined ? [] : [`${thread} thread ${(share * 100).toFixed(0)} %`];
  });
  return shares.length > 0 ? shares.join(', ') : 'not reported';
}

function backlogText(result: BacklogResult): string {
  return `${result.acked} acked in ${result.ms.toFixed(0)} ms, the last delivered at ${result.deliveredMs.toFixed(0)} ms${errorText(result.errors)}`;
}

/** Wall-clock throughput moves with whatever else the machine runs; CPU per message is the steadier figure. */
function cpuText(result: ThroughputResult): string {
  if (result.cpuMs === null || result.received === 0) return 'not measured (needs /proc)';
  const perMessage = (result.cpuMs * 1000) / result.received;
  return `${perMessage.toFixed(0)} µs (at most ~${Math.round(1e6 / perMessage).toLocaleString('en-US')} msg/s on one free core)`;
}
