import { LIMITS } from '../../src-shared/limits.ts';
import { SignInGuard } from '../auth/sign-in-guard.ts';
import { MemoryConnectionCounter } from './connection-counter.ts';
import type { ConnectionCounter } from './connection-counter.ts';
import { memoryLimiterFactory, wholeSeconds } from './limiter-store.ts';
import type { LimiterFactory } from './limiter-store.ts';
import { Throttle } from './throttle.ts';

/** The limits an operator can change (flags; see config.ts). Everything else is in LIMITS. */
export interface LimitSettings {
  /** Sends per user per window (`--send-rate`). */
  readonly sendRatePerWindow: number;
  /** Sign-ups per address per window (`--sign-up-rate`). */
  readonly signUpRatePerWindow: number;
  /** Open WebSockets per user (`--max-sockets-per-user`). */
  readonly socketsPerUser: number;
  /** TCP connections per address on this node (`--max-connections-per-address`). */
  readonly connectionsPerAddress: number;
}

export const DEFAULT_LIMIT_SETTINGS: LimitSettings = {
  sendRatePerWindow: LIMITS.sendRatePerWindow,
  signUpRatePerWindow: LIMITS.signUpRatePerWindow,
  socketsPerUser: LIMITS.socketsPerUser,
  connectionsPerAddress: LIMITS.connectionsPerAddress,
};

/**
 * Every budget the server enforces per user or per address, built over one store. In-memory by default;
 * a multi-node deployment passes a factory and a counter over a shared store (Redis), and every limit
 * then holds across nodes with no other change.
 */
export interface ServerLimits {
  readonly settings: LimitSettings;
  /** All requests, per user. */
  readonly requests: Throttle;
  /** `messages.send`, per user. */
  readonly sends: Throttle;
  /** `typing.set`, per user. */
  readonly typing: Throttle;
  /** `users.search`, per user. */
  readonly search: Throttle;
  /** Sign-ups, per address. */
  readonly signUps: Throttle;
  readonly signIn: SignInGuard;
  /** Open sockets per user and per address. */
  readonly connections: ConnectionCounter;
}

export function createServerLimits(
  settings: LimitSettings = DEFAULT_LIMIT_SETTINGS,
  factory: LimiterFactory = memoryLimiterFactory,
  connections: ConnectionCounter = new MemoryConnectionCounter(),
): ServerLimits {
  const budget = (keyPrefix: string, points: number, windowMs: number, what: string) =>
    new Throttle(factory({ keyPrefix, points, durationSeconds: wholeSeconds(windowMs) }), what);
  return {
    settings,
    requests: budget(
      'requests',
      // Every send is also a request: a send budget above the request budget (`--send-rate`, e.g. the
      // bench's) would otherwise be capped by it, so the request budget is never the smaller one.
      Math.max(
        LIMITS.requestRatePerWindow,
        Math.ceil((settings.sendRatePerWindow * LIMITS.requestRateWindowMs) / LIMITS.sendRateWindowMs),
      ),
      LIMITS.requestRateWindowMs,
      'Too many requests',
    ),
    sends: budget('sends', settings.sendRatePerWindow, LIMITS.sendRateWindowMs, 'Sending too fast'),
    typing: budget(
      'typing',
      LIMITS.typingRatePerWindow,
      LIMITS.typingRateWindowMs,
      'Typing updates too fast',
    ),
    search: budget('search', LIMITS.searchRatePerWindow, LIMITS.searchRateWindowMs, 'Searching too fast'),
    signUps: budget(
      'signups',
      settings.signUpRatePerWindow,
      LIMITS.signUpWindowMs,
      'Too many new accounts from this address',
    ),
    signIn: new SignInGuard(factory),
    connections,
  };
}
