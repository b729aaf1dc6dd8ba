/**
 * Plain values of the contract that the renderer needs at run time, in a module without zod. The schema
 * modules (domain.ts, ipc-views.ts, errors.ts) build their schemas from these and export them too; the
 * renderer imports them from here and only types from the schema modules, so zod and the contract's
 * schemas stay out of its bundle (they were about half of the bundle's start-up evaluation).
 */

export const NOTIFICATION_TYPES = [
  'direct_messages',
  'playlist_invites',
  'new_follower',
  'new_uploads',
] as const;

export const NOTIFICATION_CHANNELS = ['email', 'desktop', 'in_app'] as const;

export const MUTE_DURATIONS = ['1h', '8h', '1d', '1w', 'always'] as const;

export const NOTIFICATION_PRIVACY = ['name_and_message', 'name_only', 'nothing'] as const;

export const THEMES = ['system', 'light', 'dark'] as const;

/**
 * A message the server has not acknowledged this long after it was queued (or retried) is shown as
 * failed (`TIMEOUT`, `OFFLINE` without a connection, or the server's last retryable answer) instead of
 * leaving the person waiting, with `failure.willRetry`: the core keeps sending it by itself.
 */
export const SEND_FAILS_AFTER_MS = 10_000;

/** Search in cached history: at least this many characters. */
export const MESSAGE_SEARCH_MIN_CHARS = 2;

export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}
