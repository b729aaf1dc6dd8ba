import type { BenchRuntime, PageWindow, ScrollOptions, ScrollResult } from './page-dom.ts';

/*
 * Functions Playwright serialises into the page (`page.evaluate(fn, arg)`): each stands alone and reaches
 * the page only through `globalThis` and the bench runtime installed by runtime.ts.
 */

export interface OpenArgs {
  /** The conversation list (the scroller). */
  list: string;
  /** The row to click. */
  row: string;
  /** Present once the opened history shows its newest message. */
  done: string;
}

/**
 * Brings the row into view (not timed), lets two frames pass, then clicks it and resolves with the time
 * from the click to the frame that painted the newest message of the opened history.
 */
export async function openTimed(args: OpenArgs): Promise<number> {
  const w = globalThis as unknown as PageWindow;
  const bench = w.__bench as BenchRuntime;
  const list = w.document.querySelector(args.list);
  if (!list) throw new Error(`no ${args.list}`);
  const rowHeight = list.querySelector('[role="option"]')?.getBoundingClientRect().height ?? 72;
  let row = list.querySelector(args.row);
  for (let offset = 0; !row && offset < list.scrollHeight; offset += rowHeight * 8) {
    list.scrollTop = offset;
    await bench.afterPaint();
    row = list.querySelector(args.row);
  }
  if (!row) throw new Error(`no ${args.row} in the list`);
  const box = row.getBoundingClientRect();
  const view = list.getBoundingClientRect();
  if (box.top < view.top || box.bottom > view.bottom) list.scrollTop += box.top - view.top - rowHeight;
  await bench.afterPaint();
  await bench.afterPaint();
  const target = list.querySelector(args.row);
  if (!target) throw new Error(`${args.row} went away`);
  const start = w.performance.now();
  target.click();
  return (await bench.untilPainted(args.done, 10_000)) - start;
}

export function scrollTimed(options: ScrollOptions): Promise<ScrollResult> {
  const bench = (globalThis as unknown as PageWindow).__bench as BenchRuntime;
  return bench.scroll(options);
}

/** Puts a scroller at its top or bottom and waits for two frames. */
export async function scrollTo(args: { scroller: string; to: 'top' | 'bottom' }): Promise<void> {
  const w = globalThis as unknown as PageWindow;
  const el = w.document.querySelector(args.scroller);
  if (!el) throw new Error(`no ${args.scroller}`);
  el.scrollTop = args.to === 'top' ? 0 : el.scrollHeight;
  const bench = w.__bench as BenchRuntime;
  await bench.afterPaint();
  await bench.afterPaint();
}
