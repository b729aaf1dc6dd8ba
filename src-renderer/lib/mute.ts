import type { MuteDuration } from '../../src-shared/ipc.ts';

/** How a mute duration reads in menus and settings ("Mute › For 1 hour"). */
export const MUTE_LABELS: Record<MuteDuration, string> = {
  '1h': 'For 1 hour',
  '8h': 'For 8 hours',
  '1d': 'For 1 day',
  '1w': 'For 1 week',
  always: 'Until I turn it back on',
};
