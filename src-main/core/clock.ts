/**
 * Time and chance, injected so unit tests can be deterministic. Production and integration tests use
 * `systemClock` and `Math.random`.
 */
export interface Timer {
  cancel(): void;
}

export interface Clock {
  now(): number;
  /** Runs `fn` after `ms`; the returned timer does not keep the process alive. */
  after(ms: number, fn: () => void): Timer;
}

export type Random = () => number;

export const systemClock: Clock = {
  now: () => Date.now(),
  after(ms, fn) {
    const handle = setTimeout(fn, Math.max(0, ms));
    handle.unref();
    return { cancel: () => clearTimeout(handle) };
  },
};

/** A clock that moves only when told: for unit tests of timers, backoff and expiry. */
export class ManualClock implements Clock {
  #now: number;
  #timers: { at: number; fn: () => void; order: number; cancelled: boolean }[] = [];
  #order = 0;

  constructor(start = 1_700_000_000_000) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  after(ms: number, fn: () => void): Timer {
    const timer = { at: this.#now + Math.max(0, ms), fn, order: this.#order++, cancelled: false };
    this.#timers.push(timer);
    return { cancel: () => void (timer.cancelled = true) };
  }

  /** Moves time forward, firing due timers in order. */
  advance(ms: number): void {
    const target = this.#now + ms;
    for (;;) {
      const due = this.#timers
        .filter((t) => !t.cancelled && t.at <= target)
        .sort((a, b) => a.at - b.at || a.order - b.order)[0];
      if (!due) break;
      due.cancelled = true;
      this.#now = due.at;
      due.fn();
    }
    this.#timers = this.#timers.filter((t) => !t.cancelled);
    this.#now = target;
  }

  pending(): number {
    return this.#timers.filter((t) => !t.cancelled).length;
  }
}
