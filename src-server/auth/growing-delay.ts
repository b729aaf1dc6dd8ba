import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { LimiterFactory } from '../limits/limiter-store.ts';
import { wholeSeconds } from '../limits/limiter-store.ts';
import { refusal } from '../limits/throttle.ts';

export interface GrowingDelayOptions {
  /** Unique per guard: the prefix of both limiters' keys. */
  name: string;
  /** Failures before any delay. */
  freeFailures: number;
  /** How long failures are remembered (a fixed window from the first one). */
  windowMs: number;
  /** The first delay; each further failure doubles it, up to `maxDelayMs`. Whole seconds. */
  baseDelayMs: number;
  maxDelayMs: number;
}

/** One attempt that passed the guard; say how it ended, once. */
export interface GuardedAttempt {
  /** A wrong password: the attempt stays counted, and past the free failures the delay runs from now. */
  failed(): Promise<void>;
  /** The attempt is not a guess after all (the server was busy): it is given back. */
  notCounted(): Promise<void>;
  /** The right password: forget this key's failures (`clear`), or only give this attempt back. */
  succeeded(clear: boolean): Promise<void>;
}

/**
 * Growing delays instead of a lockout. Every attempt is counted *before* the password is checked (so a
 * burst of parallel guesses is counted too); past `freeFailures` the next attempt must wait a delay that
 * doubles with each further failure. A waiting attempt is refused (RATE_LIMITED with `retryAfterMs`)
 * without being counted and without hashing anything.
 *
 * Two limiters from the configured store, so the counts hold across nodes: `count` (failures in the
 * window) and `wait` (one key per guard key while a delay runs). An attempt past the free failures creates
 * the wait key as it starts (creating it is atomic, so of many parallel attempts exactly one passes), and
 * when it fails the wait is set again to run from that moment: a slow password check never eats the delay.
 */
export class GrowingDelay {
  private readonly count: RateLimiterAbstract;
  private readonly wait: RateLimiterAbstract;
  private readonly options: GrowingDelayOptions;

  constructor(factory: LimiterFactory, options: GrowingDelayOptions) {
    this.options = options;
    // The counter never refuses; its consumed points are the number of attempts in the window.
    this.count = factory({
      keyPrefix: `${options.name}:count`,
      points: Number.MAX_SAFE_INTEGER,
      durationSeconds: wholeSeconds(options.windowMs),
    });
    this.wait = factory({
      keyPrefix: `${options.name}:wait`,
      points: 1,
      durationSeconds: wholeSeconds(options.baseDelayMs),
    });
  }

  /** The delay after the n-th attempt (n > freeFailures). */
  delayMs(attempt: number): number {
    const { freeFailures, baseDelayMs, maxDelayMs } = this.options;
    const doublings = Math.min(attempt - freeFailures - 1, 30);
    return Math.min(baseDelayMs * 2 ** doublings, maxDelayMs);
  }

  /** Counts the attempt, or throws RATE_LIMITED while a delay runs (SERVER_BUSY if the store fails). */
  async begin(key: string, what: string): Promise<GuardedAttempt> {
    let attempt: number;
    try {
      attempt = (await this.count.consume(key)).consumedPoints;
    } catch (rejection) {
      throw refusal(rejection, what);
    }
    let startedWait = false;
    const seconds = wholeSeconds(this.delayMs(attempt));
    if (attempt > this.options.freeFailures) {
      try {
        await this.wait.consume(key, 1, { customDuration: seconds });
        startedWait = true;
      } catch (rejection) {
        await this.count.reward(key, 1);
        throw refusal(rejection, what);
      }
    }
    const giveBack = async () => {
      await this.count.reward(key, 1);
      if (startedWait) await this.wait.delete(key);
    };
    return {
      failed: async () => {
        if (startedWait) await this.wait.block(key, seconds);
      },
      notCounted: giveBack,
      succeeded: async (clear) => {
        if (!clear) return giveBack();
        await Promise.all([this.count.delete(key), this.wait.delete(key)]);
      },
    };
  }
}
