import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/errors.ts';
import { GrowingDelay } from '../../../src-server/auth/growing-delay.ts';
import { memoryLimiterFactory } from '../../../src-server/limits/limiter-store.ts';

const options = { freeFailures: 3, windowMs: 3_600_000, baseDelayMs: 1_000, maxDelayMs: 8_000 };
let names = 0;
const guard = () => new GrowingDelay(memoryLimiterFactory, { name: `test${++names}`, ...options });

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('GrowingDelay', () => {
  it('doubles the delay after the free failures, up to the maximum', () => {
    const g = guard();
    expect([4, 5, 6, 7, 8, 30].map((n) => g.delayMs(n))).toEqual([1_000, 2_000, 4_000, 8_000, 8_000, 8_000]);
  });

  it('lets the free failures through, then one more, then refuses with RATE_LIMITED until the delay ends', async () => {
    const g = guard();
    for (let i = 0; i < options.freeFailures + 1; i++) await g.begin('k', 'Slow down');
    const refused = await refusal(g.begin('k', 'Slow down'));
    expect(refused.code).toBe('RATE_LIMITED');
    expect(refused.retryAfterMs).toBeGreaterThan(0);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(1_000);
    // A refused attempt is not counted: refusing again does not make the delay longer.
    const again = await refusal(g.begin('k', 'Slow down'));
    expect(again.retryAfterMs).toBeLessThanOrEqual(1_000);
    // Another key is not affected.
    await g.begin('other', 'Slow down');
  });

  it('of many parallel attempts past the free ones, exactly one gets through', async () => {
    const g = guard();
    const outcomes = await Promise.allSettled(Array.from({ length: 50 }, () => g.begin('k', 'Slow down')));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(options.freeFailures + 1);
  });

  it('gives back attempts that did not count, and a success that clears starts over', async () => {
    const g = guard();
    for (let i = 0; i < 10; i++) await (await g.begin('k', 'x')).notCounted();
    const attempts = [];
    for (let i = 0; i < options.freeFailures; i++) attempts.push(await g.begin('k', 'x'));
    await attempts[0]!.succeeded(true);
    for (let i = 0; i < options.freeFailures + 1; i++) await g.begin('k', 'x');
    expect((await refusal(g.begin('k', 'x'))).code).toBe('RATE_LIMITED');
  });
});
