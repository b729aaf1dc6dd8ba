/**
 * `npm run bench`: runs each bench section and writes bench/results/latest.json and latest.md (a table of
 * figure, value, baseline, ratio and goal per section); `--only X` writes only-X.json / only-X.md instead.
 * Never asserts a timing; see docs/bench.md.
 *
 *   npm run bench                       every section
 *   npm run bench -- --only server      the messaging server vs a raw ws relay
 *   npm run bench -- --only server-latency  only the server's latency scenarios (alone and beside a flood)
 *   npm run bench -- --only scale-out   1, 2 and 3 nodes on PostgreSQL + Redis vs embedded SQLite
 *   npm run bench -- --only idle        20,000 idle authenticated sockets on one node vs a bare ws server
 *   npm run bench -- --only core        the client core's cache vs raw better-sqlite3
 *   npm run bench -- --only renderer    the renderer in Chromium through the headless host vs static HTML
 *   npm run bench -- --only trust       chaos (100,000 messages) and fuzzing figures (tests/chaos, tests/fuzz)
 *   npm run bench -- --profile          also write a CPU profile of the server process to bench/results/
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { BenchReport, BenchSection } from './lib/report.ts';
import { renderMarkdown } from './lib/report.ts';
import { runIdleConnectionsBench } from './server/idle-connections.ts';
import { runServerBench } from './server/index.ts';
import { runMultiNodeBench } from './server/multi-node.ts';

const SECTIONS = ['server', 'server-latency', 'scale-out', 'idle', 'core', 'renderer', 'trust'] as const;
type SectionName = (typeof SECTIONS)[number];

const { values } = parseArgs({
  options: { only: { type: 'string' }, profile: { type: 'boolean', default: false } },
  strict: true,
});
const only = values.only;
if (only !== undefined && !SECTIONS.some((s) => s === only)) {
  console.error(`npm run bench: --only takes ${SECTIONS.join(' or ')}, not "${only}"`);
  process.exit(2);
}
// `server-latency` is a part of `server`, run alone only when asked for.
const wanted = (name: SectionName) => only === name || (only === undefined && name !== 'server-latency');
const results = join(import.meta.dirname, 'results');
mkdirSync(results, { recursive: true });
const log = (line: string) => console.error(`[bench] ${line}`);

const started = Date.now();
const sections: BenchSection[] = [];
let failed = false;
const attempt = async (name: SectionName, run: () => Promise<BenchSection>) => {
  if (!wanted(name)) return;
  const t0 = Date.now();
  try {
    sections.push(await run());
    log(`${name}: done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } catch (error) {
    failed = true;
    log(`${name}: failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    sections.push({ title: `${name} (failed)`, rows: [], notes: [String(error)] });
  }
};

const serverEnv: Record<string, string> = values.profile
  ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${join(results, 'profiles')}` }
  : {};
await attempt('server', () => runServerBench({ log, serverEnv }));
await attempt('server-latency', () => runServerBench({ log, serverEnv, latencyOnly: true }));
await attempt('scale-out', () => runMultiNodeBench(log));
await attempt('idle', () => runIdleConnectionsBench(log));
// The other sections are loaded only when wanted (the core's pulls in its cache, the renderer's Playwright
// and vite); their specifiers are literal, so a missing or renamed module fails the type check.
await attempt('core', async () => (await import('./core/core-bench.ts')).runCoreBench());
await attempt('renderer', async () => (await import('./renderer/index.ts')).runRendererBench({ log }));
await attempt('trust', async () => (await import('./trust/index.ts')).runTrustBench({ log }));

const cpuList = cpus();
const report: BenchReport = {
  startedAt: new Date(started).toISOString(),
  durationMs: Date.now() - started,
  machine: {
    cpus: cpuList.length,
    cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
    node: process.versions.node,
    platform: `${process.platform}-${process.arch}`,
  },
  sections,
};
const markdown = renderMarkdown(report);
// latest.* always holds a full run; a partial one (--only) gets its own files so it never drops the others.
const base = only === undefined ? 'latest' : `only-${only}`;
writeFileSync(join(results, `${base}.json`), `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(join(results, `${base}.md`), markdown);
process.stdout.write(`\n${markdown}`);
log(
  `wrote bench/results/${base}.json and ${base}.md${values.profile ? '; server CPU profile in bench/results/profiles/' : ''}`,
);
if (failed) process.exitCode = 1;
