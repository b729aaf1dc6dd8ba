/**
 * The few DOM APIs the in-page probes use. bench/ type-checks with Node's types only (tsconfig.node.json
 * has no DOM library, and adding it would loosen every server file), so the page code reads `globalThis`
 * through these interfaces. Types only: nothing here runs.
 */
export interface PageElement {
  scrollTop: number;
  readonly scrollHeight: number;
  readonly clientHeight: number;
  readonly textContent: string | null;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): { readonly length: number };
  getBoundingClientRect(): { top: number; bottom: number; height: number };
  click(): void;
}

export interface PageMessagePort {
  onmessage: (() => void) | null;
  postMessage(message: number): void;
}

export interface PageWindow {
  readonly document: PageElement & { readonly documentElement: PageElement | null };
  readonly innerHeight: number;
  readonly performance: { now(): number };
  requestAnimationFrame(callback: (frameStart: number) => void): number;
  setTimeout(callback: () => void, ms: number): number;
  readonly console: { debug(message: string): void };
  MessageChannel: new () => { port1: PageMessagePort; port2: PageMessagePort };
  MutationObserver: new (callback: () => void) => {
    observe(target: PageElement, options: { childList: boolean; subtree: boolean }): void;
    disconnect(): void;
  };
  /** Set by the runtime (runtime.ts). */
  __bench?: BenchRuntime;
}

export interface ScrollOptions {
  /** The scrolling element. */
  scroller: string;
  /** Rows counted as mounted, inside the scroller. */
  rows: string;
  direction: 'up' | 'down';
  pxPerSecond: number;
  /** Stop after this long even if the end is not reached. */
  maxMs: number;
  /** Scrolling up: the end is reached when this is mounted and the scroller is at the top. */
  endSelector?: string;
  /** Present while the page is loading more rows (the app's history sets aria-busy). */
  busySelector?: string;
}

export interface ScrollResult {
  /** rAF-to-rAF intervals in ms, one per frame after the first. */
  intervals: number[];
  maxMounted: number;
  durationMs: number;
  distancePx: number;
  /** Frames spent at the top with older content still to come (waiting for a page). */
  stalledFrames: number;
  /** Indexes into `intervals` of frames that began while `busySelector` was present. */
  busyFrames: number[];
  reachedEnd: boolean;
}

export interface BenchRuntime {
  /** performance.now() after the frame that first painted a row of the probed list, or null. */
  firstRowAt: number | null;
  /** Resolves after the next frame has been produced, with performance.now() then. */
  afterPaint(): Promise<number>;
  /** Checks once per frame; resolves with the after-paint time of the first frame where `check` holds. */
  untilPainted(selector: string, timeoutMs: number): Promise<number>;
  scroll(options: ScrollOptions): Promise<ScrollResult>;
}
