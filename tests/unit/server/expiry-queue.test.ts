import { describe, expect, it } from 'vitest';
import { ExpiryQueue } from '../../../src-server/realtime/expiry-queue.ts';

const TTL_MS = 30;

/** A queue whose expiries are recorded, with a promise for the moment a given item expires. */
function recordingQueue() {
  const expired: { item: string; at: number }[] = [];
  const waiters = new Map<string, () => void>();
  const queue = new ExpiryQueue<string>(TTL_MS, (item) => {
    expired.push({ item, at: performance.now() });
    waiters.get(item)?.();
  });
  const expiryOf = (item: string) => new Promise<void>((resolve) => waiters.set(item, resolve));
  return { queue, expired, expiryOf };
}

describe('ExpiryQueue', () => {
  it('expires each item, in the order added, no sooner than its time to live', async () => {
    const { queue, expired, expiryOf } = recordingQueue();
    const addedAt = new Map<string, number>();
    for (const item of ['a', 'b', 'c']) {
      addedAt.set(item, performance.now());
      queue.add(item);
      // Spread the deadlines, so the queue's one timer has to be armed again for each.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    await expiryOf('c');
    expect(expired.map((e) => e.item)).toEqual(['a', 'b', 'c']);
    for (const { item, at } of expired) expect(at - (addedAt.get(item) ?? 0)).toBeGreaterThanOrEqual(TTL_MS);
    expect(queue.size).toBe(0);
  });

  it('never expires an item deleted in time, nor after a clear', async () => {
    const { queue, expired, expiryOf } = recordingQueue();
    queue.add('said hello');
    queue.add('closed');
    queue.add('silent');
    queue.delete('said hello');
    queue.delete('closed');
    await expiryOf('silent'); // its deadline is the latest of the three
    expect(expired.map((e) => e.item)).toEqual(['silent']);

    queue.add('cleared');
    queue.clear();
    queue.add('later');
    await expiryOf('later');
    expect(expired.map((e) => e.item)).toEqual(['silent', 'later']);
  });

  it('an item added again gets a fresh deadline behind the others', async () => {
    const { queue, expired, expiryOf } = recordingQueue();
    queue.add('x');
    queue.add('y');
    queue.add('x');
    await expiryOf('x');
    expect(expired.map((e) => e.item)).toEqual(['y', 'x']);
  });
});
