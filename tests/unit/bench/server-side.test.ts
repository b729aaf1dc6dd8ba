import { describe, expect, it } from 'vitest';
import { between } from '../../../bench/server/server-side.ts';

// The bench's reading of the server's send→ack histogram (bench/server/server-side.ts): cumulative bucket
// counts by upper bound in seconds, as Prometheus reports them.

const snapshot = (entries: [number, number][]) => new Map(entries);

describe('send→ack percentiles between two histogram snapshots', () => {
  it('gives the upper bound (ms) of the bucket holding each percentile, counting only the sends between', () => {
    const before = snapshot([
      [0.001, 10],
      [0.002, 10],
      [0.005, 10],
      [Number.POSITIVE_INFINITY, 10],
    ]);
    // 100 sends between: 60 within 1 ms, 39 more within 2 ms, the slowest within 5 ms.
    const after = snapshot([
      [0.001, 70],
      [0.002, 109],
      [0.005, 110],
      [Number.POSITIVE_INFINITY, 110],
    ]);
    expect(between(before, after)).toEqual({ count: 100, p50AtMost: 1, p99AtMost: 2 });
  });

  it('says when a percentile is past the last finite bucket', () => {
    const after = snapshot([
      [0.001, 1],
      [Number.POSITIVE_INFINITY, 100],
    ]);
    expect(between(new Map(), after)).toEqual({
      count: 100,
      p50AtMost: Number.POSITIVE_INFINITY,
      p99AtMost: Number.POSITIVE_INFINITY,
    });
  });

  it('has nothing to say when nothing was observed', () => {
    const same = snapshot([[Number.POSITIVE_INFINITY, 5]]);
    expect(between(same, same)).toBeNull();
  });
});
