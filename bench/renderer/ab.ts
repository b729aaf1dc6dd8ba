/**
 * A/B of renderer builds in one bench world (not part of `npm run bench`): the same server, host and
 * Chromium serve each build in turn (out/renderer is pointed at each build's folder for its samples), so
 * builds compare under the same machine load. Alternates first paints (each beside the static page) and
 * blocks of opens (each block beside the same opens on the static page) between the builds.
 *
 *   node bench/renderer/ab.ts --rounds 6 --opens 10 [--fresh] <build dir> <build dir> …
 *   node bench/renderer/ab.ts --trace paint|open|profile|open-profile <build dir>
 *
 * A build dir is a copy of out/renderer from `npm run build` (unminified, for profiles with names). `dir@poll`
 * measures that build's first paint with the probe the bench used before the console one (Playwright
 * polling the page). `--trace` prints the page's main-thread tasks from a Chromium trace, or self and
 * total times from a CPU profile of a page load (`profile`) or of opens (`open-profile`). out/renderer is restored afterwards; do not run it beside
 * the e2e tests, which use out/renderer.
 */
import { existsSync, lstatSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser, Page } from '@playwright/test';
import { percentile } from '../lib/stats.ts';
import { serveBaselinePages } from './baseline-pages.ts';
import { benchContext, launchChromium } from './browser.ts';
import { FIRST_ROW, alternatingOpens, loadUntilFirstRow, openPage, openTimes } from './measure.ts';
import { BUSY } from './plan.ts';
import { startWorld } from './world.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    rounds: { type: 'string', default: '4' },
    // First paints per build (default: --rounds); 0 measures only opens.
    paints: { type: 'string' },
    opens: { type: 'string', default: '10' },
    trace: { type: 'string' },
    probe: { type: 'string', default: 'console' },
    // --trace open: untimed opens before the traced ones (0 traces the first opens after start-up).
    warm: { type: 'string', default: '2' },
    // Each block of opens in a page of its own, loaded just before it: the opens right after start-up
    // (the bench's first block), with no other build's page loading beside them.
    fresh: { type: 'boolean', default: false },
  },
});
// `dir@poll` measures that build with the old probe (see paintOnce).
const probes = new Map<string, string>();
const builds = positionals.map((p) => {
  const [dir = '', probe] = p.split('@');
  const full = resolve(dir);
  const key = probe ? `${full}@${probe}` : full;
  probes.set(key, probe ?? values.probe ?? 'console');
  return key;
});
const dirOf = (key: string) => key.split('@')[0] ?? key;
if (builds.length === 0) throw new Error('name at least one build folder');
for (const b of builds)
  if (!existsSync(join(dirOf(b), 'index.html'))) throw new Error(`${b} has no index.html`);

const root = join(import.meta.dirname, '..', '..');
const out = join(root, 'out', 'renderer');
const saved = join(root, 'out', 'renderer.ab-saved');
if (existsSync(out) && !lstatSync(out).isSymbolicLink()) renameSync(out, saved);
let probe = 'console';
const use = (key: string) => {
  rmSync(out, { force: true, recursive: false });
  symlinkSync(dirOf(key), out);
  probe = probes.get(key) ?? 'console';
};
const restore = () => {
  if (existsSync(out) && lstatSync(out).isSymbolicLink()) rmSync(out);
  if (existsSync(saved)) renameSync(saved, out);
};

const median = (xs: number[]) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );
const fmt = (xs: number[]) =>
  `p50 ${percentile(
    [...xs].sort((a, b) => a - b),
    50,
  ).toFixed(1)} p95 ${percentile(
    [...xs].sort((a, b) => a - b),
    95,
  ).toFixed(1)} (n=${xs.length})`;

async function paintOnce(browser: Browser, url: string): Promise<number> {
  const context = await benchContext(browser, FIRST_ROW);
  try {
    const page = await context.newPage();
    if (probe === 'poll') {
      // The harness before the console probe: Playwright polls the page (and injects its utility script).
      await page.goto(url);
      const handle = await page.waitForFunction(
        () =>
          (globalThis as unknown as { __bench?: { firstRowAt: number | null } }).__bench?.firstRowAt ?? null,
        undefined,
        { timeout: 30_000, polling: 50 },
      );
      return Number(await handle.jsonValue());
    }
    return await loadUntilFirstRow(page, url);
  } finally {
    await context.close();
  }
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { url?: string; functionName?: string; type?: string } };
}

/** Main-thread tasks of the page's renderer over `ms` of a trace, with their biggest children. */
function summarizeTrace(buffer: Buffer, sinceName: string): void {
  const events = (JSON.parse(buffer.toString()) as { traceEvents: TraceEvent[] }).traceEvents;
  const mains = events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  // The page's renderer: the one that has our marker task.
  const start = events.find((e) => e.name === sinceName);
  const main = mains.find((m) =>
    events.some((e) => e.pid === m.pid && e.tid === m.tid && e.name === 'FunctionCall'),
  );
  if (!main) throw new Error('no renderer main thread in the trace');
  const on = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X');
  const t0 = start?.ts ?? on[0]?.ts ?? 0;
  const tasks = on.filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask');
  // Main-thread CPU (thread time) of the tasks that ended before the page's first contentful paint, and
  // its layouts: steadier than wall time on a loaded machine.
  const fcp = events.find((e) => e.name === 'firstContentfulPaint' && e.pid === main.pid)?.ts;
  if (fcp !== undefined) {
    const before = tasks.filter((t) => t.ts + (t.dur ?? 0) <= fcp + 1);
    const cpu = before.reduce((sum, t) => sum + (t.tdur ?? 0), 0) / 1000;
    const layouts = on.filter((e) => e.name === 'Layout' && e.ts <= fcp);
    const layoutCpu = layouts.reduce((sum, e) => sum + (e.tdur ?? e.dur ?? 0), 0) / 1000;
    console.log(
      `  before first contentful paint: main-thread CPU ${cpu.toFixed(1)} ms in ${before.length} tasks; ${layouts.length} layouts, ${layoutCpu.toFixed(1)} ms`,
    );
  }
  for (const e of events) {
    if (
      ![
        'ResourceSendRequest',
        'ResourceReceiveResponse',
        'ResourceFinish',
        'firstContentfulPaint',
        'domContentLoadedEventEnd',
        'loadEventEnd',
        'markAsMainFrame',
      ].includes(e.name)
    )
      continue;
    if (e.ts < t0) continue;
    const url0 = (e.args?.data as { url?: string } | undefined)?.url;
    if (url0 && !url0.includes('127.0.0.1')) continue;
    const u = (e.args?.data as { url?: string; requestId?: string } | undefined)?.url;
    console.log(`  +${((e.ts - t0) / 1000).toFixed(0)} ms: ${e.name} ${u ? u.split('/').pop() : ''}`);
  }
  for (const task of tasks) {
    if ((task.dur ?? 0) < 3000) continue;
    const end = task.ts + (task.dur ?? 0);
    const kids = on.filter(
      (e) => e !== task && e.ts >= task.ts && e.ts + (e.dur ?? 0) <= end && (e.dur ?? 0) >= 1000,
    );
    const parts = kids
      .filter((k) =>
        [
          'EvaluateScript',
          'v8.evaluateModule',
          'v8.compile',
          'v8.compileModule',
          'FunctionCall',
          'Layout',
          'UpdateLayoutTree',
          'Paint',
          'PrePaint',
          'ParseHTML',
          'EventDispatch',
          'TimerFire',
          'FireAnimationFrame',
          'MajorGC',
          'MinorGC',
          'V8.GCScavenger',
          'V8.GCFinalizeMC',
          'ParseAuthorStyleSheet',
          'Commit',
          'Layerize',
          'v8.produceModuleCache',
          'V8.GC_MC_BACKGROUND_MARKING',
        ].includes(k.name),
      )
      .map((k) => {
        const d = k.args?.data;
        const what = `${d?.url ? ` ${d.url.split('/').pop()}` : ''}${d?.functionName ? `:${d.functionName}` : ''}${d?.type ? ` ${d.type}` : ''}`;
        return `${k.name}${what} ${((k.dur ?? 0) / 1000).toFixed(1)}`;
      });
    console.log(
      `  +${((task.ts - t0) / 1000).toFixed(0)} ms: task ${((task.dur ?? 0) / 1000).toFixed(1)} ms (cpu ${((task.tdur ?? 0) / 1000).toFixed(1)}): ${parts.slice(0, 12).join(', ')}`,
    );
  }
}

interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Self and total time per function in a CPU profile (idle and program time left out). */
function summarizeProfile(profile: CpuProfile): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const key = (id: number) => {
    const f = byId.get(id)?.callFrame;
    return f ? `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}` : '?';
  };
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const id = profile.samples[i] ?? 0;
    const k = key(id);
    if (k.startsWith('(idle)') || k.startsWith('(program)')) continue;
    self.set(k, (self.get(k) ?? 0) + dt);
    const seen = new Set<string>();
    for (let p: number | undefined = id; p !== undefined; p = parent.get(p)) {
      const pk = key(p);
      if (seen.has(pk)) continue;
      seen.add(pk);
      total.set(pk, (total.get(pk) ?? 0) + dt);
    }
  }
  const top = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `    ${v.toFixed(1)} ms  ${k}`)
      .join('\n');
  console.log(`  self:\n${top(self, 30)}\n  total:\n${top(total, 45)}`);
}

async function main(): Promise<void> {
  const log = (line: string) => console.log(`[ab] ${line}`);
  const world = await startWorld(log);
  let browser: Browser | null = null;
  const pages = await serveBaselinePages(
    world.plan,
    Array.from({ length: BUSY }, (_, i) => i + 1),
  );
  try {
    browser = await launchChromium();
    const staticList = `${pages.origin}/list.html`;
    if (values.trace) {
      use(builds[0] ?? '');
      for (let i = 0; i < 3; i++) {
        if (values.trace === 'profile') {
          await paintOnce(browser, world.host.url);
          const context = await benchContext(browser, FIRST_ROW);
          const page = await context.newPage();
          const cdp = await context.newCDPSession(page);
          await cdp.send('Profiler.enable');
          await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
          await cdp.send('Profiler.start');
          const at = await loadUntilFirstRow(page, world.host.url);
          const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
          console.log(`profile ${i}: first row painted at ${at.toFixed(0)} ms`);
          summarizeProfile(profile);
          await context.close();
        } else if (values.trace === 'paint') {
          await paintOnce(browser, world.host.url); // warm
          const context = await benchContext(browser, FIRST_ROW);
          const page = await context.newPage();
          await browser.startTracing(page, {
            categories: [
              'devtools.timeline',
              'disabled-by-default-devtools.timeline',
              'v8',
              'blink.user_timing',
              'loading',
              'navigation',
            ],
          });
          const at = await loadUntilFirstRow(page, world.host.url);
          const buffer = await browser.stopTracing();
          console.log(`trace ${i}: first row painted at ${at.toFixed(0)} ms`);
          summarizeTrace(buffer, 'navigationStart');
          await context.close();
        } else if (values.trace === 'open-profile') {
          // A CPU profile of 8 opens (after 2 untimed ones): where an open's main-thread time goes.
          const page = await openPage(browser, world.host.url);
          const idx = Array.from({ length: 10 }, (_, k) => 1 + ((i * 10 + k) % BUSY));
          await openTimes(page, world.plan, idx.slice(0, 2), world.host);
          const cdp = await page.context().newCDPSession(page);
          await cdp.send('Profiler.enable');
          await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
          await cdp.send('Profiler.start');
          const times = await openTimes(page, world.plan, idx.slice(2), world.host);
          const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
          console.log(`profile ${i}: opens ${times.map((t) => t.toFixed(0)).join(', ')}`);
          summarizeProfile(profile);
          await page.context().close();
        } else {
          const page = await openPage(browser, world.host.url);
          const idx = Array.from({ length: 10 }, (_, k) => 1 + ((i * 10 + k) % BUSY));
          const warm = Number(values.warm);
          await openTimes(page, world.plan, idx.slice(0, warm), world.host);
          await browser.startTracing(page, {
            categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8'],
          });
          const times = await openTimes(page, world.plan, idx.slice(warm), world.host);
          const buffer = await browser.stopTracing();
          console.log(`trace ${i}: opens ${times.map((t) => t.toFixed(0)).join(', ')}`);
          summarizeTrace(buffer, 'none');
          await page.context().close();
        }
      }
      return;
    }
    const rounds = Number(values.rounds);
    const perBlock = Number(values.opens);
    const paint = builds.map(() => [] as number[]);
    const paintStatic = builds.map(() => [] as number[]);
    const opens = builds.map(() => [] as number[]);
    const opensStatic = builds.map(() => [] as number[]);
    await paintOnce(browser, staticList);
    for (const dir of builds) {
      use(dir);
      await paintOnce(browser, world.host.url);
    }
    const paints = Number(values.paints ?? rounds);
    for (let r = 0; r < paints; r++) {
      for (const [b, dir] of builds.entries()) {
        use(dir);
        paint[b]?.push(await paintOnce(browser, world.host.url));
        paintStatic[b]?.push(await paintOnce(browser, staticList));
      }
    }
    for (const [b, dir] of paints > 0 ? builds.entries() : []) {
      const ratio = median(paint[b] ?? []) / median(paintStatic[b] ?? []);
      log(
        `first paint ${dir}: ${fmt(paint[b] ?? [])}; static beside it ${fmt(paintStatic[b] ?? [])}; ratio of medians ${ratio.toFixed(2)}`,
      );
    }
    if (perBlock === 0) return;
    const baseline: Page = await openPage(browser, staticList);
    const apps: Page[] = [];
    if (!values.fresh)
      for (const dir of builds) {
        use(dir);
        apps.push(await openPage(browser, world.host.url));
      }
    for (let r = 0; r < rounds; r++) {
      for (const [b, dir] of builds.entries()) {
        const from = 1 + ((r * perBlock) % BUSY);
        const idx = Array.from({ length: perBlock }, (_, k) => 1 + ((from - 1 + k) % BUSY));
        if (values.fresh) use(dir);
        const app = values.fresh ? await openPage(browser, world.host.url) : apps[b];
        if (!app) continue;
        const got = await alternatingOpens(app, baseline, world.plan, idx, perBlock, world.host);
        if (values.fresh) await app.context().close();
        opens[b]?.push(...got.app);
        opensStatic[b]?.push(...got.baseline);
      }
    }
    for (const [b, dir] of builds.entries()) {
      log(`open ${dir}: ${fmt(opens[b] ?? [])}; static beside it: ${fmt(opensStatic[b] ?? [])}`);
      // In the order taken (blocks of `perBlock`): shows whether the slow ones are the first of a block.
      log(`  in order ${(opens[b] ?? []).map((v) => v.toFixed(0)).join(' ')}`);
      log(
        `  samples ${[...(opens[b] ?? [])]
          .sort((x, y) => x - y)
          .map((v) => v.toFixed(0))
          .join(' ')}`,
      );
    }
  } finally {
    await browser?.close();
    await pages.close();
    await world.close();
    restore();
  }
}

await main();
