import { Worker } from 'node:worker_threads';
import { AppError } from '../../src-shared/errors.ts';
import { OPS } from '../../src-shared/protocol.ts';
import type { Op, UserEvent } from '../../src-shared/protocol.ts';
import type { ServerConfig } from '../config.ts';
import type { Caller, OpHandlers, ServerHooks } from '../context.ts';
import type { EventBus, SequencedEvent } from '../events/bus.ts';
import type { Logger } from '../log.ts';
import { INTERNAL_ERROR } from '../realtime/dispatcher.ts';
import type {
  CrossingEvent,
  FromStoreThread,
  StoreNotice,
  StoreRequest,
  StoreThreadData,
  ToStoreThread,
} from './messages.ts';
import type { StoreThreadDurability } from './shared-durability.ts';
import { TurnBatch } from './turn-batch.ts';

export interface StoreThreadOptions {
  readonly config: ServerConfig;
  /** The SQLite file, its migrations already run. */
  readonly location: string;
  readonly nodeId: string;
  /** Where the store thread's events, typing and revoked sessions are published. */
  readonly bus: EventBus;
  readonly hooks: ServerHooks;
  /** The main thread's connection's (`openDatabase`'s `besideWriter`): shared with the store thread. */
  readonly durability: StoreThreadDurability;
  readonly log: Logger;
  /** The store thread failed or ended by itself: the server can no longer answer, and stops. */
  readonly onFailure: (error: Error) => void;
  /** Starts the thread (tests keep the worker to stop it, as a crash would). */
  readonly spawn?: (data: StoreThreadData) => Worker;
}

const STORE_WORKER = new URL('./store-worker.ts', import.meta.url);

export function spawnStoreWorker(data: StoreThreadData): Worker {
  return new Worker(STORE_WORKER, { workerData: data });
}

export interface StoreThread {
  /** Every operation, run on the store thread: each call is queued there in the order it is made. */
  readonly handlers: OpHandlers;
  /** Requests sent and not yet answered. */
  readonly inFlight: number;
  /**
   * How long the thread's event loop has been busy since it started, in ms. Once the thread has ended it
   * stays at the last reading: a counter (the busy-seconds metric) must never go back.
   */
  busyMs(): number;
  /** Lets the thread finish, sync and close the store (after the gateway has drained). */
  close(): Promise<void>;
}

/** An event from the store thread, its parsed form read from its stored JSON when first asked for. */
function sequenced({ userId, seq, payload }: CrossingEvent): SequencedEvent {
  let event: UserEvent | undefined;
  return {
    userId,
    seq,
    payload,
    get event(): UserEvent {
      // The store thread wrote this JSON from a UserEvent a moment ago (events/memory-seqs.ts).
      event ??= JSON.parse(payload) as UserEvent;
      return event;
    },
  };
}

/** How long a closing store thread gets to sync and close before it is stopped. */
const CLOSE_TIMEOUT_MS = 10_000;

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Starts the store thread (store-worker.ts) and resolves once its connection is open. The main thread's
 * dispatcher calls `handlers` as it would call the handlers themselves: each call is a request posted to
 * the thread (the requests of one event-loop turn in one message), answered once its writes are durable.
 *
 * If the thread fails (an uncaught error, or it ends by itself), every request in flight is answered
 * INTERNAL, `durability` refuses from then on (readiness reports it), the fault is logged with its cause,
 * and `onFailure` stops the server: nothing hangs silently, and a supervisor restarts the node.
 */
export async function startStoreThread(options: StoreThreadOptions): Promise<StoreThread> {
  const { log, durability } = options;
  const workerData: StoreThreadData = {
    config: options.config,
    location: options.location,
    nodeId: options.nodeId,
    cells: durability.buffer,
  };
  const worker = (options.spawn ?? spawnStoreWorker)(workerData);
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let state: 'starting' | 'running' | 'closing' | 'ended' = 'starting';
  let lastBusyMs = 0;
  let closed: (() => void) | null = null;
  const requests = new TurnBatch<StoreRequest>((batch) => {
    const message: ToStoreThread = { kind: 'requests', requests: batch };
    worker.postMessage(message);
  });

  const apply = (notice: StoreNotice): void => {
    switch (notice.kind) {
      case 'answer': {
        const waiting = pending.get(notice.id);
        if (!waiting) return;
        pending.delete(notice.id);
        if (notice.ok) waiting.resolve(notice.result);
        else waiting.reject(AppError.fromBody(notice.error));
        return;
      }
      case 'events':
        options.bus.publish(notice.events.map(sequenced));
        return;
      case 'ephemeral':
        options.bus.publishEphemeral(notice.userIds, notice.event);
        return;
      case 'sessionRevoked':
        options.bus.publishSessionRevoked(notice.sessionId);
        return;
      case 'messageCreated':
        options.hooks.messageCreated(notice.message, notice.recipientIds);
        return;
      default: {
        const unknown: never = notice;
        log.error({ notice: unknown }, 'the store thread sent a notice the server does not know');
      }
    }
  };

  const fail = (error: Error): void => {
    if (state === 'ended') return;
    const wasRunning = state === 'running';
    state = 'ended';
    durability.fail(error);
    const refused = AppError.fromBody(INTERNAL_ERROR);
    for (const waiting of pending.values()) waiting.reject(refused);
    pending.clear();
    if (wasRunning) {
      log.fatal({ err: error }, 'the store thread failed: this node can no longer answer and stops');
      options.onFailure(error);
    }
  };

  const ready = new Promise<void>((resolve, reject) => {
    worker.on('message', (message: FromStoreThread) => {
      switch (message.kind) {
        case 'ready':
          state = 'running';
          resolve();
          return;
        case 'notices':
          for (const notice of message.notices) apply(notice);
          return;
        case 'closed':
          closed?.();
          return;
        default: {
          const unknown: never = message;
          log.error({ message: unknown }, 'the store thread sent a message the server does not know');
        }
      }
    });
    worker.on('error', (error) => {
      if (state === 'starting') reject(error);
      fail(error);
    });
    worker.on('exit', (code) => {
      if (state === 'starting')
        reject(new Error(`the store thread ended while opening the store (code ${code})`));
      if (state !== 'closing') fail(new Error(`the store thread ended by itself (code ${code})`));
      state = 'ended';
      closed?.();
    });
  });
  await ready;

  const call = (op: Op, caller: Caller, params: unknown): Promise<unknown> => {
    if (state !== 'running') {
      return Promise.reject(AppError.fromBody(INTERNAL_ERROR));
    }
    const id = nextId;
    nextId += 1;
    // Only the caller's fields: whatever else the object holds stays on this thread.
    const request: StoreRequest = {
      id,
      op,
      caller: { userId: caller.userId, sessionId: caller.sessionId, connectionId: caller.connectionId },
      params,
    };
    return new Promise<unknown>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      requests.push(request);
    });
  };
  const handlers = Object.fromEntries(
    (Object.keys(OPS) as Op[]).map((op) => [
      op,
      (caller: Caller, params: unknown) => call(op, caller, params),
    ]),
  ) as unknown as OpHandlers;

  return {
    handlers,
    get inFlight() {
      return pending.size;
    },
    busyMs: () => {
      // An ended worker reads as 0: keep the last reading instead.
      if (state !== 'ended')
        lastBusyMs = Math.max(lastBusyMs, worker.performance.eventLoopUtilization().active);
      return lastBusyMs;
    },
    close: async () => {
      if (state !== 'running') return;
      state = 'closing';
      requests.flush();
      const done = new Promise<void>((resolve) => {
        closed = resolve;
      });
      worker.postMessage({ kind: 'close' } satisfies ToStoreThread);
      const timer = setTimeout(() => {
        log.error('the store thread did not close in time: stopping it');
        void worker.terminate();
      }, CLOSE_TIMEOUT_MS);
      await done;
      clearTimeout(timer);
      await worker.terminate();
    },
  };
}
