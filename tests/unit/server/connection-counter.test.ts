import { describe, expect, it } from 'vitest';
import { MemoryConnectionCounter } from '../../../src-server/limits/connection-counter.ts';

describe('MemoryConnectionCounter', () => {
  it('holds at most `max` per key, and a slot released twice frees one place', async () => {
    const counter = new MemoryConnectionCounter();
    const a = await counter.tryAcquire('user:1', 2);
    const b = await counter.tryAcquire('user:1', 2);
    expect(a && b).toBeTruthy();
    expect(await counter.tryAcquire('user:1', 2)).toBeNull();
    expect(await counter.tryAcquire('user:2', 2)).not.toBeNull();
    a?.release();
    a?.release();
    expect(await counter.count('user:1')).toBe(1);
    expect(await counter.tryAcquire('user:1', 2)).not.toBeNull();
    expect(await counter.tryAcquire('user:1', 2)).toBeNull();
  });
});
