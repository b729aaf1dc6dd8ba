import type WebSocket from 'ws';
import type { EphemeralEvent, ServerFrame, UserEvent } from '../../../src-shared/protocol.ts';
import type { ConnectionState } from '../../../src-shared/ipc.ts';
import type { Clock, Random } from '../clock.ts';
import type { Background } from '../unexpected.ts';
import { RECONNECT_BACKOFF } from './backoff.ts';
import type { BackoffPolicy } from './backoff.ts';
import type { ServerAddress } from './server-address.ts';
import type { RefreshOutcome } from './session.ts';

/** What a `Connection` is given: where and how to connect, its timings, and who hears what arrives. */

export type WelcomeFrame = Extract<ServerFrame, { type: 'welcome' }>;

export interface ConnectionHandlers {
  /** The socket is authenticated. `resumedFrom` is the seq sent in hello (null: fresh start). */
  welcome(frame: WelcomeFrame, resumedFrom: number | null): void;
  event(seq: number, event: UserEvent): void;
  ephemeral(event: EphemeralEvent): void;
  caughtUp(seq: number): void;
  resyncRequired(latestSeq: number): void;
  state(state: ConnectionState): void;
  /** The session is gone for good (refresh token rejected or revoked). */
  signedOut(): void;
  /** A frame from the server that is not JSON or not in the protocol: ignored, and logged here. */
  malformed(detail: string): void;
}

export interface ConnectionTimings {
  requestTimeoutMs: number;
  welcomeTimeoutMs: number;
  /** A ping goes out this long after the last one was answered. */
  heartbeatIntervalMs: number;
  /** No pong within this time: the socket is half-open, so it is dropped and a reconnect begins. */
  heartbeatTimeoutMs: number;
  backoff: BackoffPolicy;
  /**
   * A resume (the sync layer saw a gap) within this long of the one before it waits like a reconnect
   * after that many failures: a server that keeps sending gaps gets no tight loop of reconnects.
   */
  resumeStreakMs: number;
}

export const DEFAULT_TIMINGS: ConnectionTimings = {
  requestTimeoutMs: 15_000,
  welcomeTimeoutMs: 10_000,
  heartbeatIntervalMs: 20_000,
  heartbeatTimeoutMs: 10_000,
  backoff: RECONNECT_BACKOFF,
  resumeStreakMs: 60_000,
};

export interface TokenSource {
  readonly accessToken: string | null;
  refresh(): Promise<RefreshOutcome>;
}

export interface ConnectionOptions {
  server: ServerAddress;
  clock: Clock;
  random: Random;
  tokens: TokenSource;
  /** Last applied event seq, read at each connect. */
  resumeFromSeq(): number | null;
  handlers: ConnectionHandlers;
  /** Runs the token refresh nobody awaits, so a failure in it is reported, never unhandled. */
  background: Background;
  createSocket?: (url: string) => WebSocket;
  timings?: Partial<ConnectionTimings>;
  clientInfo?: { name: string; version: string };
}
