import { LIMITS } from '../../src-shared/limits.ts';
import type { LimiterFactory } from '../limits/limiter-store.ts';
import { GrowingDelay } from './growing-delay.ts';
import type { GuardedAttempt } from './growing-delay.ts';

/**
 * The sign-in throttle, checked before any password is hashed: growing delays per client address (any
 * account: password spraying) and per account-and-address pair (guessing one account's password). There
 * is deliberately no limit per account alone: anyone could then lock its owner out, and the owner signing
 * in from another address is never slowed by an attacker's failures.
 */
export class SignInGuard {
  private readonly byAddress: GrowingDelay;
  private readonly byAccountAndAddress: GrowingDelay;

  constructor(factory: LimiterFactory) {
    const delays = { baseDelayMs: LIMITS.signInDelayBaseMs, maxDelayMs: LIMITS.signInDelayMaxMs };
    this.byAddress = new GrowingDelay(factory, {
      name: 'signin-address',
      freeFailures: LIMITS.signInFreeFailuresPerAddress,
      windowMs: LIMITS.signInAddressWindowMs,
      ...delays,
    });
    this.byAccountAndAddress = new GrowingDelay(factory, {
      name: 'signin-account-address',
      freeFailures: LIMITS.signInFreeFailuresPerAccountAddress,
      windowMs: LIMITS.signInAccountAddressWindowMs,
      ...delays,
    });
  }

  /**
   * Counts an attempt (RATE_LIMITED while a delay runs) and returns how to settle it: `failed` (a wrong
   * password) leaves it counted and starts the delay; `notCounted` (SERVER_BUSY) gives it back; `succeeded` clears the pair's failures and
   * gives the address its attempt back (the address's failures stay: one valid account must not let an
   * address reset its count between guesses at others).
   */
  async begin(address: string, username: string): Promise<SignInAttempt> {
    const what = 'Too many failed sign-ins from here';
    const fromAddress = await this.byAddress.begin(address, what);
    let forAccount: GuardedAttempt;
    try {
      forAccount = await this.byAccountAndAddress.begin(`${address}|${username}`, what);
    } catch (error) {
      await fromAddress.notCounted();
      throw error;
    }
    return {
      failed: async () => {
        await Promise.all([fromAddress.failed(), forAccount.failed()]);
      },
      notCounted: async () => {
        await Promise.all([fromAddress.notCounted(), forAccount.notCounted()]);
      },
      succeeded: async () => {
        await Promise.all([fromAddress.succeeded(false), forAccount.succeeded(true)]);
      },
    };
  }
}

export interface SignInAttempt {
  failed(): Promise<void>;
  notCounted(): Promise<void>;
  succeeded(): Promise<void>;
}
