import type { Browser, Page } from '@playwright/test';
import { benchContext } from './browser.ts';
import type { BenchHost } from './host-child.ts';
import { openTimed, scrollTimed, scrollTo } from './page-actions.ts';
import type { ScrollOptions, ScrollResult } from './page-dom.ts';
import { clientIdOf } from './plan.ts';
import { FIRST_ROW_PREFIX } from './runtime.ts';
import type { Plan } from './plan.ts';

export const LIST = '[role="listbox"][aria-label="Conversations"]';
export const FIRST_ROW = `${LIST} [role="option"]`;
const LOG = '[role="log"]';
export const MESSAGE = '[data-testid="message"]';

const rowOf = (plan: Plan, index: number) =>
  `[data-conversation-id="${plan.conversations[index]?.id ?? ''}"]`;
const newestOf = (plan: Plan, index: number) =>
  `${LOG} [data-key="${clientIdOf(index, plan.conversations[index]?.messages.length ?? 0)}"]`;

/**
 * Navigation start → the frame that painted the list's first row, in a fresh context each time (no HTTP
 * cache, no storage). App and baseline samples alternate, so both see the same machine noise; the first
 * pair warms Chromium up and is not counted.
 */
export async function firstPaints(browser: Browser, appUrl: string, baselineUrl: string, samples: number) {
  const app: number[] = [];
  const baseline: number[] = [];
  const once = async (url: string) => {
    const context = await benchContext(browser, FIRST_ROW);
    try {
      return await loadUntilFirstRow(await context.newPage(), url);
    } finally {
      await context.close();
    }
  };
  for (let i = 0; i <= samples; i++) {
    const a = await once(appUrl);
    const b = await once(baselineUrl);
    if (i === 0) continue;
    app.push(a);
    baseline.push(b);
  }
  return { app, baseline };
}

/**
 * Loads `url` and resolves with the runtime's time of the frame that painted the list's first row. The
 * runtime says so on the console: nothing is evaluated in the page while it loads (see runtime.ts).
 */
export async function loadUntilFirstRow(page: Page, url: string, timeoutMs = 30_000): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  const painted = new Promise<number>((resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${url}: no list row painted within ${timeoutMs} ms`)),
      timeoutMs,
    );
    page.on('console', (message) => {
      const text = message.text();
      if (text.startsWith(FIRST_ROW_PREFIX)) resolve(Number(text.slice(FIRST_ROW_PREFIX.length)));
    });
  });
  try {
    await page.goto(url);
    return await painted;
  } finally {
    clearTimeout(timer);
  }
}

/** Opens a fresh page of `url` and waits until `ready` is in it. */
export async function openPage(browser: Browser, url: string, ready = FIRST_ROW): Promise<Page> {
  const context = await benchContext(browser, FIRST_ROW);
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector(ready, { timeout: 30_000 });
  return page;
}

/**
 * Click on a list row → the frame that painted the newest message of that conversation, for each index.
 * In the app, each open also waits for the server's page of the same conversation (the core asks the
 * server after answering from the cache) so one open's aftermath does not run into the next.
 */
export async function openTimes(
  page: Page,
  plan: Plan,
  indices: readonly number[],
  host?: BenchHost,
): Promise<number[]> {
  const times: number[] = [];
  for (const index of indices) {
    const id = plan.conversations[index]?.id ?? '';
    const watch = await host?.watchOpened(id, 10_000);
    times.push(
      await page.evaluate(openTimed, { list: LIST, row: rowOf(plan, index), done: newestOf(plan, index) }),
    );
    await watch?.opened;
    await page.waitForTimeout(100);
  }
  return times;
}

/**
 * `openTimes` for the app and for the static page, alternating in blocks of `block` conversations (the
 * same ones in both), so a burst of machine load falls on both rather than on one.
 */
export async function alternatingOpens(
  app: Page,
  baseline: Page,
  plan: Plan,
  indices: readonly number[],
  block: number,
  host: BenchHost,
): Promise<{ app: number[]; baseline: number[] }> {
  const times = { app: [] as number[], baseline: [] as number[] };
  for (let i = 0; i < indices.length; i += block) {
    const some = indices.slice(i, i + block);
    times.app.push(...(await openTimes(app, plan, some, host)));
    times.baseline.push(...(await openTimes(baseline, plan, some)));
  }
  return times;
}

export const HISTORY_SCROLL = (pxPerSecond: number, maxMs: number, endKey?: string): ScrollOptions => ({
  scroller: LOG,
  rows: MESSAGE,
  direction: 'up',
  pxPerSecond,
  maxMs,
  busySelector: `${LOG}[aria-busy="true"]`,
  ...(endKey ? { endSelector: `[data-key="${endKey}"]` } : {}),
});

export const LIST_SCROLL = (pxPerSecond: number, maxMs: number): ScrollOptions => ({
  scroller: LIST,
  rows: '[role="option"]',
  direction: 'down',
  pxPerSecond,
  maxMs,
});

/** Starts the scroller at the end the scroll starts from, then scrolls. */
export async function scroll(page: Page, options: ScrollOptions): Promise<ScrollResult> {
  const to: 'top' | 'bottom' = options.direction === 'up' ? 'bottom' : 'top';
  await page.evaluate(scrollTo, { scroller: options.scroller, to });
  await page.waitForTimeout(300);
  return page.evaluate(scrollTimed, options);
}

/** Opens the big conversation (the top row) in the app and waits until the server's page has arrived. */
export async function openBig(page: Page, plan: Plan, host: BenchHost): Promise<void> {
  await openTimes(page, plan, [0], host);
  await page.waitForTimeout(500);
}
