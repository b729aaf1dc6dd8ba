import { RateLimiterRes } from 'rate-limiter-flexible';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppError } from '../../src-shared/errors.ts';

/**
 * One budget (e.g. "sends per user per 10 s") over a limiter from the configured store. `consume` answers
 * RATE_LIMITED with `retryAfterMs` when the key's budget is spent; a failing store (e.g. Redis down) is
 * not the caller's fault and answers SERVER_BUSY, so a limit never silently stops applying.
 */
export class Throttle {
  private readonly limiter: RateLimiterAbstract;
  /** How the refusal starts, e.g. "Sending too fast". */
  private readonly what: string;

  constructor(limiter: RateLimiterAbstract, what: string) {
    this.limiter = limiter;
    this.what = what;
  }

  async consume(key: string, points = 1): Promise<void> {
    try {
      await this.limiter.consume(key, points);
    } catch (rejection) {
      throw refusal(rejection, this.what);
    }
  }

  /** Gives points back (e.g. an attempt that turned out not to count). */
  async refund(key: string, points = 1): Promise<void> {
    await this.limiter.reward(key, points);
  }

  async reset(key: string): Promise<void> {
    await this.limiter.delete(key);
  }
}

/** RATE_LIMITED for a spent budget (a RateLimiterRes), SERVER_BUSY for a store failure (an Error). */
export function refusal(rejection: unknown, what: string): AppError {
  if (rejection instanceof RateLimiterRes) {
    const retryAfterMs = Math.max(1, Math.ceil(rejection.msBeforeNext));
    return new AppError('RATE_LIMITED', `${what}; try again in ${Math.ceil(retryAfterMs / 1000)} s.`, {
      retryAfterMs,
    });
  }
  return new AppError('SERVER_BUSY', 'The server cannot check its limits right now; try again shortly.', {
    retryAfterMs: 1000,
  });
}
