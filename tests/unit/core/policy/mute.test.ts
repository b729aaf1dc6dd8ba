import { describe, expect, it } from 'vitest';
import {
  isMuteActive,
  muteDurationMs,
  muteFor,
  pruneExpiredMutes,
} from '../../../../src-main/core/policy/mute.ts';

const now = 1_700_000_000_000;
const HOUR = 3_600_000;

describe('mute and do-not-disturb durations', () => {
  it('maps each choice to its length, and always to no end', () => {
    expect(muteDurationMs('1h')).toBe(HOUR);
    expect(muteDurationMs('8h')).toBe(8 * HOUR);
    expect(muteDurationMs('1d')).toBe(24 * HOUR);
    expect(muteDurationMs('1w')).toBe(7 * 24 * HOUR);
    expect(muteDurationMs('always')).toBeNull();
  });

  it('starts a mute now, and off clears it', () => {
    expect(muteFor('8h', now)).toEqual({ until: now + 8 * HOUR });
    expect(muteFor('always', now)).toEqual({ until: null });
    expect(muteFor('off', now)).toBeNull();
  });

  it('is in force until its end (exclusive), forever without one', () => {
    const mute = muteFor('1h', now);
    expect(isMuteActive(mute, now)).toBe(true);
    expect(isMuteActive(mute, now + HOUR - 1)).toBe(true);
    expect(isMuteActive(mute, now + HOUR)).toBe(false);
    expect(isMuteActive({ until: null }, now + 10_000 * HOUR)).toBe(true);
    expect(isMuteActive(null, now)).toBe(false);
  });

  it('prunes mutes that ran out and keeps the rest', () => {
    const pruned = pruneExpiredMutes(
      { a: { until: now - 1 }, b: { until: now + 1 }, c: { until: null } },
      now,
    );
    expect(Object.keys(pruned).sort()).toEqual(['b', 'c']);
  });
});
