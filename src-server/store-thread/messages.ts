import type { Message } from '../../src-shared/domain.ts';
import type { ErrorBody } from '../../src-shared/errors.ts';
import type { EphemeralEvent, Op } from '../../src-shared/protocol.ts';
import type { ServerConfig } from '../config.ts';
import type { Caller } from '../context.ts';
import type { SequencedEvent } from '../events/bus.ts';

/** What the main thread gives the store thread when it starts it (`workerData`). */
export interface StoreThreadData {
  readonly config: ServerConfig;
  /** The SQLite file (the main thread has opened it and run the migrations already). */
  readonly location: string;
  readonly nodeId: string;
  /** The durability cells both threads share (shared-durability.ts). */
  readonly cells: SharedArrayBuffer;
}

/**
 * A request for an operation's handler, already validated and within its rate limits on the main thread:
 * plain data, checked by nobody on this side (both threads run this server's code).
 */
export interface StoreRequest {
  readonly id: number;
  readonly op: Op;
  readonly caller: Caller;
  readonly params: unknown;
}

/**
 * A committed event as it crosses to the main thread: its stored JSON only. The fan-out sends that text as
 * it is; the parsed event is rebuilt on the main thread only if something asks for it (store-thread.ts),
 * so the store thread does not copy every event twice.
 */
export type CrossingEvent = Omit<SequencedEvent, 'event'>;

/** Main → store thread. The requests of one event-loop turn travel together, in the order they came. */
export type ToStoreThread =
  | { readonly kind: 'requests'; readonly requests: readonly StoreRequest[] }
  /** Finish what is under way, sync, close the connection, and say `closed`. */
  | { readonly kind: 'close' };

/**
 * What the store thread tells the main thread, in the order it happened there: a group's events are
 * published before its callers' answers, as on one thread (events/unit-of-work.ts).
 */
export type StoreNotice =
  | { readonly kind: 'answer'; readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly kind: 'answer'; readonly id: number; readonly ok: false; readonly error: ErrorBody }
  | { readonly kind: 'events'; readonly events: readonly CrossingEvent[] }
  | {
      readonly kind: 'ephemeral';
      readonly userIds: readonly string[];
      readonly event: EphemeralEvent;
    }
  | { readonly kind: 'sessionRevoked'; readonly sessionId: string }
  | {
      readonly kind: 'messageCreated';
      readonly message: Message;
      readonly recipientIds: readonly string[];
    };

/** Store thread → main. */
export type FromStoreThread =
  | { readonly kind: 'ready' }
  | { readonly kind: 'notices'; readonly notices: readonly StoreNotice[] }
  | { readonly kind: 'closed' };
