import { describe, expect, it } from 'vitest';
import { sameData } from '../../../src-renderer/lib/same-data.ts';

describe('sameData', () => {
  it('compares JSON data by value, objects and arrays at any depth', () => {
    expect(sameData({ a: 1, b: [1, { c: null }] }, { b: [1, { c: null }], a: 1 })).toBe(true);
    expect(sameData({ a: 1, b: [1, { c: null }] }, { a: 1, b: [1, { c: 0 }] })).toBe(false);
    expect(sameData({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameData({ a: undefined }, { b: undefined })).toBe(false);
    expect(sameData([1, 2], [1, 2, 3])).toBe(false);
    expect(sameData([], {})).toBe(false);
    expect(sameData(null, {})).toBe(false);
    expect(sameData(undefined, { a: 1 })).toBe(false);
    expect(sameData('x', 'x')).toBe(true);
    expect(sameData(Number.NaN, Number.NaN)).toBe(true);
  });
});
