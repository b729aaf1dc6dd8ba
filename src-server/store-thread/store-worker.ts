/**
 * The store thread (a worker thread; `store-thread.ts` starts it): the SQLite connection, the group commit
 * and every operation's handler. The main thread keeps the sockets, parsing, validation, rate limits and
 * fan-out; this thread runs the statements, so commits overlap with socket and JSON work.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Op } from '../../src-shared/protocol.ts';
import type { HandlerContext, OpHandler, ServerHooks } from '../context.ts';
import type { EventBus } from '../events/bus.ts';
import { UnitOfWorkRunner } from '../events/unit-of-work.ts';
import { createHandlers } from '../features/handlers.ts';
import { createLogger } from '../log.ts';
import { errorAnswer } from '../realtime/dispatcher.ts';
import { openDatabase } from '../store/database.ts';
import type {
  FromStoreThread,
  StoreNotice,
  StoreRequest,
  StoreThreadData,
  ToStoreThread,
} from './messages.ts';
import { DurabilityPublisher } from './shared-durability.ts';
import { TurnBatch } from './turn-batch.ts';

if (!parentPort) throw new Error('store-worker.ts runs as a worker thread (store-thread.ts starts it)');
const port = parentPort;
// Given by this server's own main thread (store-thread.ts), not by a client.
const data = workerData as StoreThreadData;
const { config } = data;
const log = createLogger(config.logLevel).child({ node: data.nodeId, thread: 'store' });
const post = (message: FromStoreThread): void => port.postMessage(message);
const notices = new TurnBatch<StoreNotice>((batch) => post({ kind: 'notices', notices: batch }));
const publisher = new DurabilityPublisher(data.cells);

const opened = await openDatabase(data.location, {
  syncOffLoop: {
    onFailure: (err) => {
      log.fatal(
        { err },
        'the store can no longer make writes durable: take this node out of service and restart it',
      );
      publisher.failed();
    },
    onWriteStarting: (mark) => publisher.writeStarting(mark),
    onSynced: (mark) => publisher.synced(mark),
  },
});

/** The events and wake-ups of this thread's commits go to the main thread's bus, in order. */
const bus: EventBus = {
  publish: (events) => {
    if (events.length === 0) return;
    const crossing = events.map(({ userId, seq, payload }) => ({ userId, seq, payload }));
    notices.push({ kind: 'events', events: crossing });
  },
  publishEphemeral: (userIds, event) => notices.push({ kind: 'ephemeral', userIds, event }),
  publishSessionRevoked: (sessionId) => notices.push({ kind: 'sessionRevoked', sessionId }),
  subscribe: () => {
    throw new Error('the store thread only publishes: the main thread subscribes to its bus');
  },
  close: async () => {},
};
const hooks: ServerHooks = {
  messageCreated: (message, recipientIds) => notices.push({ kind: 'messageCreated', message, recipientIds }),
};
const { durability } = opened;
const work = new UnitOfWorkRunner(opened.db, opened.dialect, bus, config.eventRetention, log, durability);
const ctx: HandlerContext = {
  config,
  db: opened.db,
  dialect: opened.dialect,
  durability,
  log,
  bus,
  work,
  hooks,
};
const handlers = createHandlers(ctx);

/**
 * Calls the request's handler now, in arrival order (a send queues its unit of work in its synchronous
 * part, so a socket's pipelined sends commit in the order they were sent), and answers once what it wrote
 * or read is on disk.
 */
function run(request: StoreRequest): void {
  const handler = handlers[request.op] as OpHandler<Op>;
  let answer: Promise<unknown>;
  try {
    answer = durability.track(() => handler(request.caller, request.params as never));
  } catch (error) {
    answer = Promise.reject(error);
  }
  answer.then(
    (result) => notices.push({ kind: 'answer', id: request.id, ok: true, result }),
    (error: unknown) => {
      const body = errorAnswer(error, log, { op: request.op, userId: request.caller.userId });
      notices.push({ kind: 'answer', id: request.id, ok: false, error: body });
    },
  );
}

let closing = false;
async function close(): Promise<void> {
  if (closing) return;
  closing = true;
  // The main thread asks once every request it sent has its answer (or its drain timed out, as on one thread).
  notices.flush();
  await opened.close();
  post({ kind: 'closed' });
  port.close();
}

port.on('message', (message: ToStoreThread) => {
  switch (message.kind) {
    case 'requests':
      for (const request of message.requests) run(request);
      return;
    case 'close':
      close().catch((err: unknown) => {
        log.error({ err }, 'the store thread could not close the store cleanly');
        process.exit(1);
      });
      return;
    default: {
      const unknown: never = message;
      log.error({ message: unknown }, 'the store thread got a message it does not know');
    }
  }
});
post({ kind: 'ready' });
