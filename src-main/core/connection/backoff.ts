import type { Random } from '../clock.ts';

export interface BackoffPolicy {
  /** The ceiling of the first retry's delay. */
  baseMs: number;
  /** The ceiling never grows past this. */
  capMs: number;
}

/** Reconnects: first retry within 0.5 s, doubling up to 30 s. */
export const RECONNECT_BACKOFF: BackoffPolicy = { baseMs: 500, capMs: 30_000 };

/** Outbox retries of a send that failed for a passing reason: within 1 s, doubling up to 30 s. */
export const SEND_RETRY_BACKOFF: BackoffPolicy = { baseMs: 1_000, capMs: 30_000 };

/**
 * Exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff And Jitter"): a delay
 * drawn uniformly from [0, min(cap, base · 2^attempt)). Spreading retries over the whole window keeps
 * clients that lost the server together from coming back together.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: Random): number {
  const exponent = Math.min(Math.max(0, attempt), 30);
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
  return Math.floor(random() * ceiling);
}
