import { WS_PATH } from '../../src-shared/protocol.ts';
import { startCluster } from '../../tests/support/cluster.ts';
import type { BenchRow, BenchSection } from '../lib/report.ts';
import type { Pair, Target } from './harness.ts';
import { measureLatency } from './latency.ts';
import type { LatencyOptions, LatencyResult } from './latency.ts';
import { BENCH_SEND_RATE, setUpPair, startServerTarget } from './server-target.ts';
import { measureThroughput } from './throughput.ts';
import type { ThroughputOptions, ThroughputResult } from './throughput.ts';

const PAIRS = 30; // 60 connected clients
const NODES = 3;
const LATENCY: LatencyOptions = { rate: 300, warmupMs: 1_000, durationMs: 6_000, drainMs: 15_000 };
const THROUGHPUT: ThroughputOptions = { window: 8, warmupMs: 1_000, durationMs: 4_000 };

interface Figures {
  name: string;
  latency: LatencyResult;
  throughput: ThroughputResult;
}

/**
 * Scale-out: the same pairs relayed by 1, 2 and 3 server processes on PostgreSQL + Redis (each pair's two
 * clients on different nodes whenever there are two or more, so every message crosses the bus), beside
 * one embedded-SQLite node, all in this run and with the same client harness.
 */
export async function runMultiNodeBench(log: (line: string) => void): Promise<BenchSection> {
  const figures: Figures[] = [];
  const measure = async (name: string, target: Target) => {
    log(`scale-out: ${name}: latency at ${LATENCY.rate} msg/s, then throughput`);
    const latency = await measureLatency(target, LATENCY, `bench-mn-lat-${figures.length}`);
    const throughput = await measureThroughput(target, THROUGHPUT, `bench-mn-tput-${figures.length}`);
    figures.push({ name, latency, throughput });
  };

  log('scale-out: embedded SQLite, 1 node');
  const sqlite = await startServerTarget(PAIRS);
  try {
    await measure('embedded SQLite, 1 node', sqlite.target);
  } finally {
    await sqlite.close();
  }

  log(`scale-out: starting ${NODES} nodes on PostgreSQL + Redis`);
  const cluster = await startCluster(NODES, { args: ['--send-rate', String(BENCH_SEND_RATE)] });
  try {
    const pairs: Pair[] = [];
    for (let i = 0; i < PAIRS; i += 10) {
      const batch = Array.from({ length: Math.min(10, PAIRS - i) }, (_, j) =>
        setUpPair(cluster.nodes[0]!.url, i + j),
      );
      pairs.push(...(await Promise.all(batch)));
    }
    const wsUrl = (node: number) => `${cluster.nodes[node]!.wsUrl}${WS_PATH}`;
    for (let nodes = 1; nodes <= NODES; nodes += 1) {
      // Pair i: a on node i mod n, b on the next node: with n ≥ 2 every message goes from one node to another.
      const spread = pairs.map((pair, i) => ({
        ...pair,
        a: { ...pair.a, wsUrl: wsUrl(i % nodes) },
        b: { ...pair.b, wsUrl: wsUrl((i + 1) % nodes) },
      }));
      await measure(`PostgreSQL + Redis, ${nodes} node${nodes > 1 ? 's' : ''}`, {
        name: `cluster-${nodes}`,
        wsUrl: wsUrl(0),
        pairs: spread,
      });
    }
  } finally {
    await cluster.close();
  }
  return section(figures);
}

function section(figures: Figures[]): BenchSection {
  const [base, ...rest] = figures;
  if (!base) throw new Error('scale-out bench: nothing measured');
  const baselineName = base.name;
  const rows: BenchRow[] = [];
  for (const f of rest) {
    rows.push({
      name: `${f.name}: relayed msg/s, ${PAIRS * 2} clients`,
      value: f.throughput.perSecond,
      unit: 'msg/s',
      baseline: base.throughput.perSecond,
      baselineName,
    });
    rows.push({
      name: `${f.name}: send→delivered p99 @ ${LATENCY.rate} msg/s`,
      value: f.latency.delivered.p99,
      unit: 'ms',
      baseline: base.latency.delivered.p99,
      baselineName,
    });
  }
  const describe = (f: Figures) =>
    `${f.name}: ${f.throughput.perSecond.toFixed(0)} msg/s (${f.throughput.received} received${errors(f.throughput.errors)}); delivered p50 ${f.latency.delivered.p50.toFixed(2)} ms, p99 ${f.latency.delivered.p99.toFixed(2)} ms; ack p99 ${f.latency.ack.p99.toFixed(2)} ms; ${f.latency.sent} sent, ${f.latency.lost} lost${errors(f.latency.errors)}`;
  return {
    title: 'Scale-out: 1, 2 and 3 nodes on PostgreSQL + Redis vs embedded SQLite',
    rows,
    notes: [
      `Every node is \`node src-server/main.ts\` as a child process; the PostgreSQL nodes share one fresh database on the local PostgreSQL and a private redis-server; --send-rate ${BENCH_SEND_RATE}. ${PAIRS} pairs (${PAIRS * 2} clients) in a direct conversation each; with 2 or 3 nodes the two clients of a pair are on different nodes, so every message is committed on one node and delivered by another through the Redis bus.`,
      `Latency: open loop at ${LATENCY.rate} msg/s, ${LATENCY.warmupMs / 1000} s warm-up, ${LATENCY.durationMs / 1000} s measured. Throughput: closed loop, ${THROUGHPUT.window} sends in flight per client, ${THROUGHPUT.durationMs / 1000} s measured.`,
      'All of it shares the same two cores (nodes, PostgreSQL, Redis, and the clients): more nodes add CPU contention here, not capacity; on separate machines each node brings its own cores.',
      ...figures.map(describe),
    ],
  };
}

function errors(map: ReadonlyMap<string, number>): string {
  if (map.size === 0) return '';
  return ` (errors: ${[...map].map(([code, n]) => `${code} ×${n}`).join(', ')})`;
}
