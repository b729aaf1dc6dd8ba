import { describe, expect, it } from 'vitest';
import { fuzzyMatch, fuzzyRank } from '../../../src-renderer/lib/fuzzy.ts';

describe('fuzzyMatch', () => {
  it('matches everything with an empty query', () => {
    expect(fuzzyMatch('', 'Dana Lee')).toEqual({ score: 0, positions: [] });
    expect(fuzzyMatch('   ', 'Dana Lee')?.score).toBe(0);
  });

  it('matches a subsequence and reports positions in the original text', () => {
    const m = fuzzyMatch('dl', 'Dana Lee');
    expect(m).not.toBeNull();
    expect(m?.positions).toEqual([0, 5]);
  });

  it('returns null when the characters are not all there in order', () => {
    expect(fuzzyMatch('xyz', 'Dana Lee')).toBeNull();
    expect(fuzzyMatch('ld', 'Dana Lee')).toBeNull();
  });

  it('is case- and accent-insensitive', () => {
    expect(fuzzyMatch('jose', 'José Álvarez')?.positions).toEqual([0, 1, 2, 3]);
    expect(fuzzyMatch('ALV', 'José Álvarez')?.positions).toEqual([5, 6, 7]);
  });

  it('prefers a prefix over a substring further in, and a substring over a scattered match', () => {
    const prefix = fuzzyMatch('mar', 'Marco Beats')!.score;
    const inner = fuzzyMatch('mar', 'Summer Marathon')!.score;
    const scattered = fuzzyMatch('mar', 'My Amazing Record')!.score;
    expect(prefix).toBeGreaterThan(inner);
    expect(inner).toBeGreaterThan(scattered);
  });

  it('prefers word starts in a scattered match', () => {
    const m = fuzzyMatch('spc', 'Summer pack collab');
    expect(m?.positions).toEqual([0, 7, 12]);
  });

  it('still matches when jumping to a word start would leave the rest unmatched', () => {
    expect(fuzzyMatch('ab', 'xaxb a')?.positions).toEqual([1, 3]);
  });
});

describe('fuzzyRank', () => {
  const items = [
    { title: 'Summer pack collab', user: 'ava' },
    { title: 'Marco Beats', user: 'marco_b' },
    { title: 'Kenji Tanaka', user: 'kenji' },
  ];

  it('drops non-matching items and ranks by score', () => {
    const ranked = fuzzyRank('ma', items, (i) => [i.title, i.user]);
    expect(ranked.map((r) => r.item.title)).toEqual(['Marco Beats', 'Summer pack collab']);
  });

  it('reports which field matched and keeps input order for ties', () => {
    const ranked = fuzzyRank('ava', items, (i) => [i.title, i.user]);
    expect(ranked[0]?.item.title).toBe('Summer pack collab');
    expect(ranked[0]?.field).toBe(1);
    expect(fuzzyRank('', items, (i) => [i.title]).map((r) => r.item.title)).toEqual(
      items.map((i) => i.title),
    );
  });
});
