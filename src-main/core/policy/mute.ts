import type { Mute, MuteDuration } from '../../../src-shared/ipc.ts';
import { assertNever } from '../../../src-shared/errors.ts';

const HOUR = 60 * 60_000;

/** How long each choice lasts; `always` lasts until turned off. */
export function muteDurationMs(duration: MuteDuration): number | null {
  switch (duration) {
    case '1h':
      return HOUR;
    case '8h':
      return 8 * HOUR;
    case '1d':
      return 24 * HOUR;
    case '1w':
      return 7 * 24 * HOUR;
    case 'always':
      return null;
    default:
      return assertNever(duration, 'mute duration');
  }
}

/** The mute (or do-not-disturb) that starts now; `off` clears it. */
export function muteFor(duration: MuteDuration | 'off', now: number): Mute | null {
  if (duration === 'off') return null;
  const ms = muteDurationMs(duration);
  return { until: ms === null ? null : now + ms };
}

/** A mute is in force until its end time (exclusive), or forever when it has none. */
export function isMuteActive(mute: Mute | null | undefined, now: number): boolean {
  if (!mute) return false;
  return mute.until === null || now < mute.until;
}

/** Drops mutes that have run out, so settings do not grow without bound. */
export function pruneExpiredMutes(mutes: Readonly<Record<string, Mute>>, now: number): Record<string, Mute> {
  return Object.fromEntries(Object.entries(mutes).filter(([, mute]) => isMuteActive(mute, now)));
}
