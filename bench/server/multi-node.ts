import { readFileSync } from 'node:fs';
import pg from 'pg';
import { WS_PATH } from '../../src-shared/protocol.ts';
import { startCluster } from '../../tests/support/cluster.ts';
import { POSTGRES_ADMIN_URL } from '../../tests/support/postgres.ts';
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
  /** CPU per relayed message (ms) in the throughput run: the server processes, and PostgreSQL's backends. */
  cpu: { servers: number | null; database: number | null };
}

/** Where the CPU time of a throughput run is read: the server processes, and the database's processes. */
interface CpuSources {
  serverPids: () => number[];
  databasePids: () => Promise<number[]>;
}

/** A process's CPU time so far (user + system, ms) from /proc; 0 for one that is gone. */
function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

const sumCpuMs = (pids: readonly number[]) => pids.reduce((total, pid) => total + processCpuMs(pid), 0);

/**
 * Scale-out: the same pairs relayed by 1, 2 and 3 server processes on PostgreSQL + Redis (each pair's two
 * clients on different nodes whenever there are two or more, so every message crosses the bus), beside
 * one embedded-SQLite node, all in this run and with the same client harness.
 */
export async function runMultiNodeBench(log: (line: string) => void): Promise<BenchSection> {
  const figures: Figures[] = [];
  const measure = async (name: string, target: Target, sources: CpuSources) => {
    log(`scale-out: ${name}: latency at ${LATENCY.rate} msg/s, then throughput`);
    const latency = await measureLatency(target, LATENCY, `bench-mn-lat-${figures.length}`);
    // The database's connections as the latency run left them (the pools keep them while in use).
    const databasePids = await sources.databasePids();
    const database: number[] = [];
    const throughput = await measureThroughput(
      target,
      {
        ...THROUGHPUT,
        // Called at the start and the end of the measured interval.
        cpuMs: () => {
          database.push(sumCpuMs(databasePids));
          return sumCpuMs(sources.serverPids());
        },
      },
      `bench-mn-tput-${figures.length}`,
    );
    const perMessage = (ms: number | null) =>
      ms === null || throughput.received === 0 ? null : ms / throughput.received;
    const [databaseBefore, databaseAfter] = database;
    const databaseMs =
      databasePids.length > 0 && databaseBefore !== undefined && databaseAfter !== undefined
        ? databaseAfter - databaseBefore
        : null;
    figures.push({
      name,
      latency,
      throughput,
      cpu: { servers: perMessage(throughput.cpuMs), database: perMessage(databaseMs) },
    });
  };

  log('scale-out: embedded SQLite, 1 node');
  const sqlite = await startServerTarget(PAIRS);
  try {
    await measure('embedded SQLite, 1 node', sqlite.target, {
      serverPids: () => [sqlite.server.pid],
      databasePids: async () => [],
    });
  } finally {
    await sqlite.close();
  }

  log(`scale-out: starting ${NODES} nodes on PostgreSQL + Redis`);
  const cluster = await startCluster(NODES, { args: ['--send-rate', String(BENCH_SEND_RATE)] });
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  admin.on('error', (error) => log(`scale-out: PostgreSQL admin connection: ${error.message}`));
  try {
    await admin.connect();
    const databaseName = new URL(cluster.store.database).pathname.slice(1);
    const backendPids = async () => {
      const { rows } = await admin.query<{ pid: number }>(
        "select pid from pg_stat_activity where datname = $1 and backend_type = 'client backend'",
        [databaseName],
      );
      return rows.map((row) => row.pid);
    };
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
      await measure(
        `PostgreSQL + Redis, ${nodes} node${nodes > 1 ? 's' : ''}`,
        { name: `cluster-${nodes}`, wsUrl: wsUrl(0), pairs: spread },
        {
          serverPids: () => cluster.nodes.slice(0, nodes).map((node) => node.pid),
          databasePids: backendPids,
        },
      );
    }
  } finally {
    await admin.end();
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
  const cpu = (f: Figures) =>
    [
      f.cpu.servers === null ? null : `server ${f.cpu.servers.toFixed(2)} ms`,
      f.cpu.database === null ? null : `PostgreSQL ${f.cpu.database.toFixed(2)} ms`,
    ]
      .filter((part) => part !== null)
      .join(' + ');
  const describe = (f: Figures) =>
    `${f.name}: ${f.throughput.perSecond.toFixed(0)} msg/s (${f.throughput.received} received${errors(f.throughput.errors)}; CPU per relayed message: ${cpu(f) || 'not measured'}); delivered p50 ${f.latency.delivered.p50.toFixed(2)} ms, p99 ${f.latency.delivered.p99.toFixed(2)} ms; ack p99 ${f.latency.ack.p99.toFixed(2)} ms; ${f.latency.sent} sent, ${f.latency.lost} lost${errors(f.latency.errors)}`;
  return {
    title: 'Scale-out: 1, 2 and 3 nodes on PostgreSQL + Redis vs embedded SQLite',
    rows,
    notes: [
      `Every node is \`node src-server/main.ts\` as a child process; the PostgreSQL nodes share one fresh database on the local PostgreSQL and a private redis-server; --send-rate ${BENCH_SEND_RATE}. ${PAIRS} pairs (${PAIRS * 2} clients) in a direct conversation each; with 2 or 3 nodes the two clients of a pair are on different nodes, so every message is committed on one node and delivered by another through the Redis bus.`,
      `Latency: open loop at ${LATENCY.rate} msg/s, ${LATENCY.warmupMs / 1000} s warm-up, ${LATENCY.durationMs / 1000} s measured. Throughput: closed loop, ${THROUGHPUT.window} sends in flight per client, ${THROUGHPUT.durationMs / 1000} s measured.`,
      "CPU per relayed message: the CPU time of the server processes in use (and, on PostgreSQL, of the database's backends for this deployment) over the throughput run's measured interval, divided by the messages relayed in it; redis-server and the clients are not counted. It moves much less than msg/s with whatever else runs on the machine.",
      'All of it shares the same two cores (nodes, PostgreSQL, Redis, and the clients): more nodes add CPU contention here, not capacity; on separate machines each node brings its own cores.',
      ...figures.map(describe),
    ],
  };
}

function errors(map: ReadonlyMap<string, number>): string {
  if (map.size === 0) return '';
  return ` (errors: ${[...map].map(([code, n]) => `${code} ×${n}`).join(', ')})`;
}
