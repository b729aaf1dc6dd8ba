import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InFlight } from '../../../src-renderer/lib/in-flight.ts';

describe('InFlight', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const settled = (promise: Promise<void>) => {
    const state = { done: false };
    void promise.then(() => (state.done = true));
    return state;
  };

  it('is idle at once when nothing is in flight', async () => {
    const idle = settled(new InFlight().idle(500));
    await vi.advanceTimersByTimeAsync(0);
    expect(idle.done).toBe(true);
  });

  it('waits until every piece of work has ended, however often one ends', async () => {
    const work = new InFlight();
    const first = work.begin();
    const second = work.begin();
    const idle = settled(work.idle(500));
    first();
    first();
    await vi.advanceTimersByTimeAsync(0);
    expect(idle.done).toBe(false);
    second();
    await vi.advanceTimersByTimeAsync(0);
    expect(idle.done).toBe(true);
  });

  it('lets go after maxMs when the work never ends', async () => {
    const work = new InFlight();
    work.begin();
    const idle = settled(work.idle(500));
    await vi.advanceTimersByTimeAsync(499);
    expect(idle.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(idle.done).toBe(true);
  });
});
