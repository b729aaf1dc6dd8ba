import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  dayKey,
  formatClock,
  daysAgo,
  formatCountdown,
  formatDayLabel,
  formatListTime,
  formatRelative,
} from '../../../src-renderer/lib/time.ts';

const local = (y: number, mo: number, d: number, h = 12, mi = 0) => new Date(y, mo - 1, d, h, mi).getTime();
const opts = { locale: 'en-GB', hour12: false };

describe('time formatting', () => {
  const now = local(2025, 3, 14, 15, 30); // Friday 14 March 2025

  it('keys and counts local calendar days', () => {
    expect(dayKey(local(2025, 3, 4, 0, 1))).toBe('2025-03-04');
    expect(daysAgo(local(2025, 3, 14, 0, 1), now)).toBe(0);
    expect(daysAgo(local(2025, 3, 13, 23, 59), now)).toBe(1);
    expect(daysAgo(local(2025, 3, 7), now)).toBe(7);
  });

  it('formats list times: clock today, Yesterday, weekday within a week, date beyond', () => {
    expect(formatListTime(local(2025, 3, 14, 9, 5), now, opts)).toBe('09:05');
    // 12-hour clocks follow the locale: no leading zero.
    expect(formatClock(local(2025, 3, 14, 9, 5), { locale: 'en-US' })).toMatch(/^9:05\sAM$/);
    expect(formatClock(local(2025, 3, 14, 21, 5), { locale: 'en-US' })).toMatch(/^9:05\sPM$/);
    expect(formatClock(local(2025, 3, 14, 9, 5), { locale: 'de-DE' })).toBe('09:05');
    expect(formatListTime(local(2025, 3, 13, 22), now, opts)).toBe('Yesterday');
    expect(formatListTime(local(2025, 3, 10), now, opts)).toBe('Mon');
    expect(formatListTime(local(2025, 2, 2), now, opts)).toBe('2 Feb');
    expect(formatListTime(local(2024, 12, 31), now, opts)).toBe('31 Dec 2024');
  });

  it('labels day separators', () => {
    expect(formatDayLabel(local(2025, 3, 14, 1), now, opts)).toBe('Today');
    expect(formatDayLabel(local(2025, 3, 13), now, opts)).toBe('Yesterday');
    expect(formatDayLabel(local(2025, 3, 11), now, opts)).toBe('Tuesday');
    expect(formatDayLabel(local(2025, 3, 3), now, opts)).toBe('Monday 3 March');
    expect(formatDayLabel(local(2023, 7, 9), now, opts)).toBe('9 July 2023');
  });

  it('counts down to the next retry', () => {
    expect(formatCountdown(now + 4_200, now)).toBe('in 5 s');
    expect(formatCountdown(now + 90_000, now)).toBe('in 2 min');
    expect(formatCountdown(now - 1, now)).toBe('now');
  });

  it('formats relative times for notifications', () => {
    expect(formatRelative(now - 10_000, now, opts)).toBe('just now');
    expect(formatRelative(now - 5 * 60_000, now, opts)).toBe('5 min ago');
    expect(formatRelative(now - 3 * 3_600_000, now, opts)).toBe('3 h ago');
    expect(formatRelative(local(2025, 3, 13, 9), now, opts)).toBe('Yesterday');
  });
});

describe('formatters', () => {
  afterEach(() => vi.restoreAllMocks());

  it('are made once per locale and options, however many times a time is formatted', () => {
    const times = Array.from({ length: 50 }, (_, i) => local(2025, 3, 14, 9, i));
    const expected = new Intl.DateTimeFormat('fr-CA', { timeStyle: 'short', hour12: false }).format(times[5]);
    const made = vi.spyOn(Intl, 'DateTimeFormat');
    // A locale no other test uses, so nothing is cached for it yet.
    const clocks = times.map((t) => formatClock(t, { locale: 'fr-CA', hour12: false }));
    expect(made).toHaveBeenCalledTimes(1);
    expect(clocks[5]).toBe(expected);
    // Other options are another formatter.
    times.forEach((t) => formatClock(t, { locale: 'fr-CA', hour12: true }));
    expect(made).toHaveBeenCalledTimes(2);
  });

  it('can all be made ahead of the first list and history render (prepareTimeFormats)', async () => {
    // A fresh copy of the module: no formatter made yet.
    vi.resetModules();
    const time = await import('../../../src-renderer/lib/time.ts');
    const now = local(2025, 3, 14, 15, 30);
    const made = vi.spyOn(Intl, 'DateTimeFormat');
    time.prepareTimeFormats(now);
    const prepared = made.mock.calls.length;
    expect(prepared).toBeGreaterThan(0);
    for (const ts of [now, local(2025, 3, 13), local(2025, 3, 10), local(2025, 2, 2), local(2024, 12, 31)]) {
      time.formatClock(ts);
      time.formatFullTime(ts);
      time.formatListTime(ts, now);
      time.formatDayLabel(ts, now);
    }
    expect(made).toHaveBeenCalledTimes(prepared);
  });
});
