import { describe, expect, it } from 'vitest';
import { newId } from '../../../src-server/ids.ts';

describe('newId', () => {
  it('gives distinct, time-ordered UUIDv7s across many refills of its random buffer', () => {
    const ids = Array.from({ length: 5_000 }, () => newId());
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
    // Monotonic within one process: a later id sorts after an earlier one (append-mostly indexes).
    expect([...ids].sort()).toEqual(ids);
    // The random part actually varies (a stuck buffer would repeat it).
    expect(new Set(ids.map((id) => id.slice(-12))).size).toBe(ids.length);
  });
});
