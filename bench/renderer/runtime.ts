import type { BenchRuntime, PageWindow, ScrollOptions, ScrollResult } from './page-dom.ts';

/**
 * Installed in every page before its own scripts run (Playwright `addInitScript`, which the page's CSP does
 * not block), the same in the app and in the static baselines, so both are timed the same way. Serialised
 * into the page: it may use nothing from this module's scope.
 *
 * "Painted" means: the frame in which the element was first in the DOM has been produced. A check runs in
 * requestAnimationFrame (before that frame's style, layout and paint), and the time is taken from a
 * MessageChannel task posted there, which runs once the frame's main-thread work is done.
 */
export function installBenchRuntime(firstRowSelector: string): void {
  const w = globalThis as unknown as PageWindow;
  // Serialised into the page: the prefix is written here, and FIRST_ROW_PREFIX below must match it.
  const FIRST_ROW_MESSAGE = 'bench:first-row-painted-at ';

  const afterPaint = (): Promise<number> =>
    new Promise((resolve) => {
      w.requestAnimationFrame(() => {
        const channel = new w.MessageChannel();
        channel.port1.onmessage = () => resolve(w.performance.now());
        channel.port2.postMessage(0);
      });
    });

  const untilPainted = (selector: string, timeoutMs: number): Promise<number> =>
    new Promise((resolve, reject) => {
      const started = w.performance.now();
      const tick = () => {
        if (w.document.querySelector(selector)) {
          const channel = new w.MessageChannel();
          channel.port1.onmessage = () => resolve(w.performance.now());
          channel.port2.postMessage(0);
        } else if (w.performance.now() - started > timeoutMs) {
          reject(new Error(`${selector} not painted within ${timeoutMs} ms`));
        } else {
          w.requestAnimationFrame(tick);
        }
      };
      w.requestAnimationFrame(tick);
    });

  const scroll = (options: ScrollOptions): Promise<ScrollResult> =>
    new Promise((resolve, reject) => {
      const el = w.document.querySelector(options.scroller);
      if (!el) {
        reject(new Error(`no ${options.scroller}`));
        return;
      }
      const intervals: number[] = [];
      const busyFrames: number[] = [];
      let wasBusy = false;
      let maxMounted = 0;
      let stalledFrames = 0;
      let distancePx = 0;
      let first = -1;
      let last = -1;
      const frame = (at: number) => {
        if (first < 0) first = at;
        else {
          if (wasBusy) busyFrames.push(intervals.length);
          intervals.push(at - last);
        }
        wasBusy =
          options.busySelector !== undefined && w.document.querySelector(options.busySelector) !== null;
        const dt = last < 0 ? 0 : at - last;
        last = at;
        maxMounted = Math.max(maxMounted, el.querySelectorAll(options.rows).length);
        const before = el.scrollTop;
        const atEnd =
          options.direction === 'down'
            ? before + el.clientHeight >= el.scrollHeight - 1
            : before <= 0 &&
              (options.endSelector === undefined || el.querySelector(options.endSelector) !== null);
        if (atEnd || at - first > options.maxMs) {
          resolve({
            intervals,
            maxMounted,
            durationMs: at - first,
            distancePx,
            stalledFrames,
            busyFrames,
            reachedEnd: atEnd,
          });
          return;
        }
        if (options.direction === 'up' && before <= 0) stalledFrames += 1;
        const step = (options.pxPerSecond * dt) / 1000;
        el.scrollTop = options.direction === 'down' ? before + step : Math.max(0, before - step);
        distancePx += Math.abs(el.scrollTop - before);
        w.requestAnimationFrame(frame);
      };
      w.requestAnimationFrame(frame);
    });

  const runtime: BenchRuntime = { firstRowAt: null, afterPaint, untilPainted, scroll };
  w.__bench = runtime;

  // The first row of the probed list: watched from the first parsed node on.
  const observer = new w.MutationObserver(() => {
    if (!w.document.querySelector(firstRowSelector)) return;
    observer.disconnect();
    void afterPaint().then((at) => {
      runtime.firstRowAt = at;
      // Told to the bench through the console, which needs nothing run in the page: polling with
      // waitForFunction made Playwright inject its utility script (50 ms of main-thread work on a loaded
      // machine) into the page while the app was still starting, and only after the static page had painted.
      w.console.debug(`${FIRST_ROW_MESSAGE}${at}`);
    });
  });
  observer.observe(w.document, { childList: true, subtree: true });
}

/** The console message the runtime writes when the probed list's first row has been painted. */
export const FIRST_ROW_PREFIX = 'bench:first-row-painted-at ';
