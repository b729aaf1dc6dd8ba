import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { RequestFrame } from '../../../src-shared/protocol.ts';
import type { OpHandlers } from '../../../src-server/context.ts';
import { DEFAULT_LIMIT_SETTINGS, createServerLimits } from '../../../src-server/limits/server-limits.ts';
import { createLogger } from '../../../src-server/log.ts';
import { Dispatcher } from '../../../src-server/realtime/dispatcher.ts';
import { allWritesDurable } from '../../../src-server/store/durability.ts';
import { openEventStore } from './support/event-store.ts';
import { gatedSync } from './support/gated-sync.ts';
import type { EventStore } from './support/event-store.ts';

/** Whether a promise has settled, without waiting for it. */
function watch(promise: Promise<unknown>) {
  const state = { settled: false, error: null as unknown };
  promise.then(
    () => (state.settled = true),
    (error: unknown) => {
      state.settled = true;
      state.error = error;
    },
  );
  return state;
}

let opened: { store: EventStore; sync: ReturnType<typeof gatedSync> } | null = null;
const failures: Error[] = [];

/** A store whose set-up (its users) is synced, so each test starts with no sync held and one done. */
async function open(sync: ReturnType<typeof gatedSync>): Promise<EventStore> {
  const store = await openEventStore(['a', 'b'], {
    fsync: sync.fsync,
    onFailure: (error) => failures.push(error),
  });
  opened = { store, sync };
  await sync.requested();
  sync.releaseOne();
  await allWritesDurable(store.store.durability);
  return store;
}

afterEach(async () => {
  failures.length = 0;
  opened?.sync.openGate();
  await opened?.store.close();
  opened = null;
});

const rename = (store: EventStore, userId: string, name: string) =>
  store.runner.run(async (w) => {
    await w.trx.updateTable('users').set({ display_name: name }).where('id', '=', userId).execute();
    await w.emit(userId, { type: 'notifications.read', unreadCount: name.length });
    return name;
  });

describe('WAL sync off the event loop (store/wal-sync.ts)', () => {
  it("a committed group's callers and its events wait for the sync; other connections see it committed", async () => {
    const sync = gatedSync();
    const store = await open(sync);
    const renamed = rename(store, 'a', 'Ann');
    const done = watch(renamed);
    await sync.requested();
    const outside = new Database(store.file, { readonly: true });
    const committed = outside.prepare('select display_name from users where id = ?').get('a');
    outside.close();
    expect(committed).toEqual({ display_name: 'Ann' });
    expect(done.settled).toBe(false);
    expect(store.published).toEqual([]);
    sync.releaseOne();
    await expect(renamed).resolves.toBe('Ann');
    expect(store.published.map((e) => e.userId)).toEqual(['a']);
  });

  it('runs and syncs the next group while the one before it syncs, answering both in the order they committed', async () => {
    const sync = gatedSync();
    const store = await open(sync);
    const firstRename = rename(store, 'a', 'Ann');
    const first = watch(firstRename);
    await sync.requested();
    // The second group commits while the first one's sync is held: its row is there for a second connection.
    let secondRan!: () => void;
    const ran = new Promise<void>((resolve) => (secondRan = resolve));
    const second = store.runner.run(async (w) => {
      await w.trx.updateTable('users').set({ display_name: 'Bo' }).where('id', '=', 'b').execute();
      await w.emit('b', { type: 'notifications.read', unreadCount: 2 });
      secondRan();
      return 'Bo';
    });
    const secondState = watch(second);
    await ran;
    // Its sync starts at once, beside the first one (MAX_SYNCS_IN_FLIGHT).
    await sync.asked(1 + 2);
    expect(first.settled).toBe(false);
    sync.releaseOne();
    // The first sync started before the second group committed: it answers the first group only.
    await expect(firstRename).resolves.toBe('Ann');
    expect(secondState.settled).toBe(false);
    expect(store.published.map((e) => e.userId)).toEqual(['a']);
    sync.releaseOne();
    await expect(second).resolves.toBe('Bo');
    expect(store.published.map((e) => e.userId)).toEqual(['a', 'b']);
    expect(sync.calls).toBe(1 + 2);
  });

  it('holds an answer that read a commit still being synced, and only that one', async () => {
    const sync = gatedSync();
    const store = await open(sync);
    const { durability, db } = store.store;
    const committing = rename(store, 'a', 'Ann');
    await sync.requested();
    const read = durability.track(() =>
      db.selectFrom('users').select('display_name').where('id', '=', 'a').execute(),
    );
    const readsTheRow = watch(read);
    // An answer that ran no statement has nothing to wait for.
    await expect(durability.track(async () => 'no statement')).resolves.toBe('no statement');
    expect(readsTheRow.settled).toBe(false);
    sync.releaseOne();
    await committing;
    await expect(read).resolves.toEqual([{ display_name: 'Ann' }]);
  });

  it("holds the dispatcher's answer to a request whose handler read what is being synced", async () => {
    const sync = gatedSync();
    const store = await open(sync);
    const { durability, db } = store.store;
    const handlers = {
      'me.get': async () => db.selectFrom('users').select('display_name').where('id', '=', 'a').execute(),
      'typing.set': async () => ({ ok: true }),
    } as unknown as OpHandlers;
    const dispatcher = new Dispatcher(
      handlers,
      createLogger('silent'),
      createServerLimits(DEFAULT_LIMIT_SETTINGS),
      durability,
    );
    const caller = { userId: 'a', sessionId: 's', connectionId: 'c' };
    const frame = (op: string, params: unknown): RequestFrame => ({ type: 'request', id: op, op, params });
    const committing = rename(store, 'a', 'Ann');
    await sync.requested();
    const meGet = dispatcher.dispatch(caller, frame('me.get', {}));
    const read = watch(meGet);
    const typing = await dispatcher.dispatch(
      caller,
      frame('typing.set', { conversationId: '0190a5b4-7a2b-7cc3-8a1e-4a1d2c3b4d5e', typing: true }),
    );
    expect(typing).toEqual({ ok: true, result: { ok: true } });
    expect(read.settled).toBe(false);
    sync.releaseOne();
    await committing;
    await expect(meGet).resolves.toEqual({ ok: true, result: [{ display_name: 'Ann' }] });
  });

  it('syncs a write nobody waits for, on the next turn of the event loop', async () => {
    const sync = gatedSync();
    const store = await open(sync);
    const { durability, db } = store.store;
    await db.updateTable('users').set({ display_name: 'Cy' }).where('id', '=', 'b').execute();
    await sync.requested();
    const mark = durability.mark();
    const durable = durability.until(mark);
    const state = watch(durable);
    expect(state.settled).toBe(false);
    sync.releaseOne();
    await durable;
    expect(sync.calls).toBe(1 + 1);
  });

  it('fails every waiting and later write for good after a failed sync, and reports it once', async () => {
    const sync = gatedSync();
    const store = await open(sync);
    const { durability } = store.store;
    const first = rename(store, 'a', 'Ann');
    await sync.requested();
    sync.failNext(new Error('input/output error'));
    sync.releaseOne();
    await expect(first).rejects.toThrow(/syncing .*server\.sqlite-wal failed \(input\/output error\)/);
    await expect(rename(store, 'b', 'Bo')).rejects.toThrow(/can no longer be made durable/);
    expect(durability.failure()?.message).toMatch(/input\/output error/);
    expect(failures).toHaveLength(1);
    expect(store.published).toEqual([]);
  });
});
