import { performance } from 'node:perf_hooks';

/**
 * Items that expire a fixed time after they were added, unless deleted first (e.g. sockets that must say
 * hello within `helloTimeoutMs`). Every item has the same time to live, so the order they were added in is
 * the order they expire in: one timer, armed for the oldest item, serves them all. A timer per item would
 * cost a Timeout object, its closure and a slot in the timer list for each of 20,000 sockets.
 */
export class ExpiryQueue<T> {
  private readonly ttlMs: number;
  private readonly onExpired: (item: T) => void;
  /** Item → its deadline (performance.now() ms); a Map keeps insertion order, so the first is the oldest. */
  private readonly deadlines = new Map<T, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(ttlMs: number, onExpired: (item: T) => void) {
    this.ttlMs = ttlMs;
    this.onExpired = onExpired;
  }

  get size(): number {
    return this.deadlines.size;
  }

  add(item: T): void {
    this.deadlines.delete(item); // added again: it moves to the back with a fresh deadline
    this.deadlines.set(item, performance.now() + this.ttlMs);
    if (!this.timer) this.arm(this.ttlMs);
  }

  /** Forgets the item (it will not expire); the timer, if the queue is left empty, fires once for nothing. */
  delete(item: T): void {
    this.deadlines.delete(item);
  }

  /** Forgets every item and stops the timer. */
  clear(): void {
    this.deadlines.clear();
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(delayMs: number): void {
    clearTimeout(this.timer); // an `add` from inside `onExpired` may have armed it already
    // Never keeps the process alive on its own: whoever holds the items (sockets) does.
    this.timer = setTimeout(() => this.expire(), Math.max(1, Math.ceil(delayMs))).unref();
  }

  private expire(): void {
    this.timer = undefined;
    const now = performance.now();
    for (const [item, deadline] of this.deadlines) {
      if (deadline > now) {
        this.arm(deadline - now);
        return;
      }
      // Deleted before the callback, so a callback that deletes it (or adds it again) is no surprise.
      this.deadlines.delete(item);
      this.onExpired(item);
    }
  }
}
