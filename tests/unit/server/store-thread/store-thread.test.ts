import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../../src-shared/errors.ts';
import { parseConfig } from '../../../../src-server/config.ts';
import type { Caller, OpHandlers } from '../../../../src-server/context.ts';
import { InProcessBus } from '../../../../src-server/events/bus.ts';
import type { SequencedEvent } from '../../../../src-server/events/bus.ts';
import { createLogger } from '../../../../src-server/log.ts';
import { openDatabase } from '../../../../src-server/store/database.ts';
import type { OpenedDatabase } from '../../../../src-server/store/database.ts';
import type { StoreThreadData, ToStoreThread } from '../../../../src-server/store-thread/messages.ts';
import { StoreThreadDurability } from '../../../../src-server/store-thread/shared-durability.ts';
import { spawnStoreWorker, startStoreThread } from '../../../../src-server/store-thread/store-thread.ts';
import type { StoreThread } from '../../../../src-server/store-thread/store-thread.ts';
import { bareUserRows } from '../../../support/user-rows.ts';

const alice: Caller = { userId: 'alice', sessionId: 's-alice', connectionId: 'c-alice' };
const bob: Caller = { userId: 'bob', sessionId: 's-bob', connectionId: 'c-bob' };

let dir: string;
let main: OpenedDatabase;
let durability: StoreThreadDurability;
let thread: StoreThread;
let worker: Worker;
/** What the main thread posted to the store thread. */
let posted: ToStoreThread[];
/** In the order the main thread saw them: events published, answers received. */
let seen: string[];
let failures: Error[];
/** The main connection's own WAL sync failing: never, here. */
const mainSyncFailures: Error[] = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'store-thread-'));
  const location = join(dir, 'server.sqlite');
  durability = new StoreThreadDurability();
  // As the server opens it: its own writes synced off the loop, its reads waiting for the store thread's.
  main = await openDatabase(location, {
    besideWriter: { durability, noteStatement: () => durability.noteStatement() },
    syncOffLoop: { onFailure: (error) => mainSyncFailures.push(error) },
  });
  await main.db
    .insertInto('users')
    .values(bareUserRows(['alice', 'bob']))
    .execute();
  const bus = new InProcessBus();
  seen = [];
  posted = [];
  failures = [];
  bus.subscribe({
    onEvents: (events: readonly SequencedEvent[]) => {
      for (const event of events) seen.push(`event ${event.userId} ${event.event.type}`);
    },
    onEphemeral: () => {},
  });
  thread = await startStoreThread({
    config: parseConfig({ dataDir: dir, logLevel: 'silent' }),
    location,
    nodeId: 'test',
    bus,
    hooks: { messageCreated: (message) => seen.push(`created ${message.body}`) },
    durability,
    log: createLogger('silent'),
    onFailure: (error) => failures.push(error),
    spawn: (data: StoreThreadData) => {
      worker = spawnStoreWorker(data);
      const post = worker.postMessage.bind(worker);
      worker.postMessage = (message: ToStoreThread) => {
        posted.push(message);
        post(message);
      };
      return worker;
    },
  });
});

afterEach(async () => {
  await thread.close();
  await main.close();
  rmSync(dir, { recursive: true, force: true });
});

async function acceptedConversation(handlers: OpHandlers): Promise<string> {
  const { conversation } = await handlers['conversations.startDirect'](alice, { userId: 'bob' });
  await handlers['conversations.accept'](bob, { conversationId: conversation.id });
  return conversation.id;
}

describe('the store thread (a worker thread with the SQLite connection and the handlers)', () => {
  it('takes the requests of one turn in one message, commits them in the order they were made, and publishes a group’s events before its answers', async () => {
    const { handlers } = thread;
    const conversationId = await acceptedConversation(handlers);
    posted.length = 0;
    seen.length = 0;
    const sends = Array.from({ length: 20 }, (_, i) =>
      handlers['messages.send'](alice, { conversationId, clientId: `client-${100 + i}`, body: `m${i}` }).then(
        (answer) => {
          seen.push(`answer ${answer.message.body}`);
          return answer;
        },
      ),
    );
    const answers = await Promise.all(sends);
    expect(posted.filter((message) => message.kind === 'requests')).toHaveLength(1);
    const seqs = answers.map((answer) => answer.message.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(20);
    // Each message's events (the author's and the recipient's copies) reached the bus before its answer.
    for (let i = 0; i < 20; i += 1) {
      const answered = seen.indexOf(`answer m${i}`);
      expect(answered).toBeGreaterThan(-1);
      const published = seen.slice(0, answered).filter((entry) => entry.startsWith('event '));
      expect(published.length).toBeGreaterThanOrEqual(2 * (i + 1));
    }
    expect(seen.filter((entry) => entry.startsWith('created '))).toHaveLength(20);
  });

  it('answers a broken rule with its own error code, and the main thread reads what the store thread committed', async () => {
    const { handlers } = thread;
    await expect(
      handlers['messages.send'](alice, { conversationId: 'nope', clientId: 'client-000', body: 'hi' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const conversationId = await acceptedConversation(handlers);
    await handlers['messages.send'](alice, { conversationId, clientId: 'client-001', body: 'stored' });
    const rows = await main.durability.track(() =>
      main.db.selectFrom('messages').select('body').where('conversation_id', '=', conversationId).execute(),
    );
    expect(rows.map((row) => row.body)).toEqual(['stored']);
    expect(mainSyncFailures).toEqual([]);
  });

  it('a store thread that dies answers every request in flight INTERNAL, refuses the next ones, fails durability and reports it once', async () => {
    const { handlers } = thread;
    const conversationId = await acceptedConversation(handlers);
    const busyBefore = thread.busyMs();
    expect(busyBefore).toBeGreaterThan(0);
    const ended = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    // In the same turn: the request is waiting for its batch when the thread is stopped, as in a crash.
    const inFlight = handlers['messages.send'](alice, {
      conversationId,
      clientId: 'client-002',
      body: 'lost',
    });
    const terminated = worker.terminate();
    const refused: unknown = await inFlight.then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: 'INTERNAL' });
    await terminated;
    await ended;
    await expect(
      handlers['messages.send'](alice, { conversationId, clientId: 'client-003', body: 'x' }),
    ).rejects.toMatchObject({ code: 'INTERNAL' });
    expect(failures).toHaveLength(1);
    expect(failures[0]?.message).toMatch(/ended by itself/);
    expect(durability.failure()).not.toBeNull();
    expect(thread.inFlight).toBe(0);
    // The busy-time counter stays where it was, never back to 0.
    expect(thread.busyMs()).toBeGreaterThanOrEqual(busyBefore);
  });
});
