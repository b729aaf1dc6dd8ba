import { describe, expect, it } from 'vitest';
import { percentile, summarize } from '../../../bench/lib/stats.ts';

describe('bench percentiles (nearest rank, the one definition every bench section uses)', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1);

  it('takes the smallest sample with at least p % of the samples at or below it', () => {
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile([1, 2, 3], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([7], 99)).toBe(7);
  });

  it('has no value for no samples', () => {
    expect(percentile([], 50)).toBeNaN();
  });

  it('summarises unsorted samples', () => {
    expect(summarize([3, 1, 2, 10])).toEqual({ count: 4, p50: 2, p99: 10, mean: 4, max: 10 });
  });
});
