import { describe, expect, it } from 'vitest';
import { RollingQuantiles } from '../../../src-server/ops/rolling-quantiles.ts';

/** Exact nearest-rank quantile, for comparison. */
function exact(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1] ?? Number.NaN;
}

function clock() {
  let now = 0;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('RollingQuantiles', () => {
  it('reads p50 and p99 within 5 % above the exact values, never below', () => {
    const time = clock();
    const recent = new RollingQuantiles({ windowMs: 30_000, now: time.now });
    // A send→ack-like spread: most near a millisecond, a tail to 80 ms, drawn from a fixed sequence.
    let seed = 12345;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const values = Array.from({ length: 20_000 }, () => 0.0004 + random() ** 8 * 0.08);
    for (const value of values) recent.observe(value);
    for (const q of [0.5, 0.99]) {
      const truth = exact(values, q);
      const read = recent.quantile(q);
      expect(read).toBeGreaterThanOrEqual(truth);
      expect(read).toBeLessThanOrEqual(truth * 1.05);
    }
  });

  it('reads a lone sample exactly, and NaN when nothing was observed', () => {
    const recent = new RollingQuantiles({ windowMs: 30_000, now: clock().now });
    expect(recent.quantile(0.99)).toBeNaN();
    recent.observe(0.0123);
    expect(recent.quantile(0.5)).toBe(0.0123);
    expect(recent.quantile(0.99)).toBe(0.0123);
  });

  it('covers the last one to two windows: older observations drop out', () => {
    const time = clock();
    const recent = new RollingQuantiles({ windowMs: 30_000, now: time.now });
    for (let i = 0; i < 100; i++) recent.observe(0.5);
    time.advance(30_000);
    // The slow window is now the previous one: still read.
    for (let i = 0; i < 100; i++) recent.observe(0.001);
    expect(recent.quantile(0.99)).toBeGreaterThan(0.4);
    time.advance(30_000);
    // Rotated again: the slow window is gone, the fast one is the previous one.
    expect(recent.quantile(0.99)).toBeLessThanOrEqual(0.001 * 1.05);
    expect(recent.quantile(0.99)).toBeGreaterThanOrEqual(0.001);
    time.advance(60_000);
    expect(recent.quantile(0.5)).toBeNaN();
  });

  it('keeps values outside its range in its end buckets and ignores non-numbers', () => {
    const recent = new RollingQuantiles({ windowMs: 30_000, now: clock().now });
    recent.observe(Number.NaN);
    recent.observe(Number.POSITIVE_INFINITY);
    expect(recent.quantile(0.5)).toBeNaN();
    recent.observe(0);
    recent.observe(1e-9);
    recent.observe(500);
    expect(recent.quantile(0.5)).toBeLessThanOrEqual(1e-6);
    expect(recent.quantile(1)).toBe(500);
  });
});
