import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';

/** What every limiter in the server is built from: a name, a budget and a window in whole seconds. */
export interface LimiterOptions {
  /** Unique per limiter, so limiters sharing one store (e.g. one Redis) never mix their keys. */
  readonly keyPrefix: string;
  readonly points: number;
  /** Whole seconds: stores such as Redis expire keys in seconds. */
  readonly durationSeconds: number;
}

/**
 * Makes the rate limiters. Chosen once at start-up: in-memory for one node, or a shared store (e.g.
 * rate-limiter-flexible's RateLimiterRedis over one client) so that every limit holds across nodes. Nothing
 * else in the server knows which store it is.
 */
export type LimiterFactory = (options: LimiterOptions) => RateLimiterAbstract;

export const memoryLimiterFactory: LimiterFactory = (options) =>
  new RateLimiterMemory({
    keyPrefix: options.keyPrefix,
    points: options.points,
    duration: options.durationSeconds,
  });

/** A window in milliseconds as whole seconds (at least 1), for LimiterOptions. */
export function wholeSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
