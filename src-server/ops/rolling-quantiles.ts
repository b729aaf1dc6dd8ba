/** Each bucket's upper bound is this many times the one before: a quantile read off it is at most 5 % high. */
const GROWTH = 1.05;
/** Values at or below this land in the first bucket (seconds). */
const SMALLEST = 1e-6;
/** Values above this land in the last bucket (seconds). */
const LARGEST = 100;
const BUCKETS = Math.ceil(Math.log(LARGEST / SMALLEST) / Math.log(GROWTH)) + 1;
const LOG_GROWTH = Math.log(GROWTH);

export interface RollingQuantilesOptions {
  /** Length of each of the two windows; a quantile covers the last one to two of them. */
  windowMs: number;
  /** Tests pass a clock they move by hand. */
  now?: () => number;
}

/**
 * Quantiles of the recent past (p50 and p99 of send→ack over about the last minute, ops/metrics.ts) at the
 * cost of one array increment per observation. prom-client's Summary puts every observation into a
 * t-digest per age bucket: about 3 % of the server thread in the send benchmark even with two buckets.
 * Here observations are counted in log-spaced buckets (5 % apart, 1 µs to 100 s), in two windows that
 * take turns: a quantile is read from both, so it covers between one and two windows, as the Summary's
 * rotating age buckets did; and it is computed only when Prometheus scrapes.
 *
 * A quantile is the upper bound of the bucket holding its rank: never below the true value, at most 5 %
 * above it (and clamped to the largest value seen in the windows, so one lone sample reads exactly).
 */
export class RollingQuantiles {
  private readonly windowMs: number;
  private readonly now: () => number;
  private current = new Float64Array(BUCKETS);
  private previous = new Float64Array(BUCKETS);
  private currentMax = 0;
  private previousMax = 0;
  private windowStart: number;

  constructor(options: RollingQuantilesOptions) {
    this.windowMs = options.windowMs;
    this.now = options.now ?? (() => performance.now());
    this.windowStart = this.now();
  }

  observe(seconds: number): void {
    if (!Number.isFinite(seconds)) return;
    this.rotate();
    const index =
      seconds <= SMALLEST ? 0 : Math.min(BUCKETS - 1, Math.ceil(Math.log(seconds / SMALLEST) / LOG_GROWTH));
    this.current[index] = (this.current[index] ?? 0) + 1;
    if (seconds > this.currentMax) this.currentMax = seconds;
  }

  /** The q-quantile (0 < q ≤ 1) of what was observed in the last one to two windows; NaN when nothing was. */
  quantile(q: number): number {
    this.rotate();
    const counts = (i: number) => (this.current[i] ?? 0) + (this.previous[i] ?? 0);
    let total = 0;
    for (let i = 0; i < BUCKETS; i++) total += counts(i);
    if (total === 0) return Number.NaN;
    const largest = Math.max(this.currentMax, this.previousMax);
    const rank = Math.max(1, Math.ceil(q * total));
    let seen = 0;
    // The last bucket is open-ended: what is in it reads as the largest value seen.
    for (let i = 0; i < BUCKETS - 1; i++) {
      seen += counts(i);
      if (seen >= rank) return Math.min(upperBound(i), largest);
    }
    return largest;
  }

  /** The current window becomes the previous one once it is full; after two idle windows both are empty. */
  private rotate(): void {
    const now = this.now();
    const elapsed = now - this.windowStart;
    if (elapsed < this.windowMs) return;
    const emptied = this.previous;
    emptied.fill(0);
    if (elapsed >= 2 * this.windowMs) {
      // Idle for two windows or more: nothing observed is recent any more.
      this.current.fill(0);
      this.previousMax = this.currentMax = 0;
      this.windowStart = now;
      return;
    }
    this.previous = this.current;
    this.previousMax = this.currentMax;
    this.current = emptied;
    this.currentMax = 0;
    this.windowStart += this.windowMs;
  }
}

function upperBound(index: number): number {
  return SMALLEST * GROWTH ** index;
}
