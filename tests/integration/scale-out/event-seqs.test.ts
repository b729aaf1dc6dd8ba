import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessBus } from '../../../src-server/events/bus.ts';
import type { SequencedEvent } from '../../../src-server/events/bus.ts';
import { readEventsAfter } from '../../../src-server/events/event-log.ts';
import { UnitOfWorkRunner } from '../../../src-server/events/unit-of-work.ts';
import { openDatabase } from '../../../src-server/store/database.ts';
import type { OpenedDatabase } from '../../../src-server/store/database.ts';
import { freshTestStore } from '../../support/test-store.ts';
import type { ServerStore } from '../../support/test-store.ts';
import { bareUserRows } from '../../support/user-rows.ts';

const NODES = 3;
const USERS = Array.from({ length: 8 }, (_, i) => `user-${i}`);
const UNITS_PER_NODE = 80;

interface Node {
  store: OpenedDatabase;
  runner: UnitOfWorkRunner;
  published: SequencedEvent[];
}

let shared: ServerStore;
const nodes: Node[] = [];

beforeAll(async () => {
  shared = await freshTestStore();
  const url = shared.database;
  if (!url) throw new Error('this suite runs on PostgreSQL');
  // One pool per "node": separate connections, as separate server processes would have.
  for (let i = 0; i < NODES; i += 1) {
    const store = await openDatabase(url, { poolSize: 4 });
    const bus = new InProcessBus();
    const published: SequencedEvent[] = [];
    bus.subscribe({ onEvents: (events) => published.push(...events), onEphemeral: () => {} });
    nodes.push({ store, runner: new UnitOfWorkRunner(store.db, store.dialect, bus), published });
  }
  await nodes[0]!.store.db.insertInto('users').values(bareUserRows(USERS)).execute();
});

afterAll(async () => {
  for (const node of nodes) await node.store.close();
  await shared?.drop();
});

/** A seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

describe('per-user event seqs on PostgreSQL, several nodes writing at once', () => {
  it('hands out 1, 2, 3, … per user with no gap and no repeat, rolled-back units included', async () => {
    const next = random(11);
    const expected = new Map(USERS.map((id) => [id, 0]));
    const units: Promise<void>[] = [];
    for (const node of nodes) {
      for (let u = 0; u < UNITS_PER_NODE; u += 1) {
        // Each unit: a random set of recipients in random order (sometimes one listed twice); one unit in
        // eight breaks a rule after it has emitted.
        const recipients = USERS.filter(() => next() < 0.5);
        if (recipients.length === 0) recipients.push(USERS[0]!);
        recipients.sort(() => next() - 0.5);
        if (next() < 0.2) recipients.push(recipients[0]!);
        const fails = next() < 0.125;
        units.push(
          node.runner
            .run(async (w) => {
              await w.emitAll(recipients, { type: 'notifications.read', unreadCount: u });
              if (fails) throw new Error('a broken rule');
            })
            .then(
              () => {
                for (const id of recipients) expected.set(id, (expected.get(id) ?? 0) + 1);
              },
              (error: unknown) => {
                if (!fails) throw error;
              },
            ),
        );
      }
    }
    await Promise.all(units);

    const published = nodes.flatMap((node) => node.published);
    const db = nodes[0]!.store.db;
    for (const userId of USERS) {
      const count = expected.get(userId) ?? 0;
      const range = Array.from({ length: count }, (_, i) => i + 1);
      const logged = await readEventsAfter(db, userId, 0, 10_000);
      expect(logged.map((e) => e.seq)).toEqual(range);
      const row = await db
        .selectFrom('users')
        .select('event_seq')
        .where('id', '=', userId)
        .executeTakeFirst();
      expect(Number(row?.event_seq)).toBe(count);
      // Every committed event was published once, by the node that committed it; nothing else was.
      const mine = published.filter((e) => e.userId === userId).map((e) => e.seq);
      expect(mine.sort((a, b) => a - b)).toEqual(range);
    }
  });

  it('runs a unit again when PostgreSQL ends it to break a deadlock, and its seqs stay whole', async () => {
    const [a, b] = [nodes[1]!, nodes[2]!];
    const seqOf = async (userId: string) =>
      Number(
        (await a.store.db.selectFrom('users').select('event_seq').where('id', '=', userId).executeTakeFirst())
          ?.event_seq,
      );
    const [seqX, seqY] = [await seqOf('user-1'), await seqOf('user-2')];
    // Each unit locks one user's row, waits until the other has locked its own, then emits to the other
    // user: a lock cycle, which PostgreSQL breaks by failing one of them (deadlock_detected).
    let arrived = 0;
    let release: () => void = () => {};
    const bothHoldALock = new Promise<void>((resolve) => (release = resolve));
    const crossed = (node: Node, locked: string, emitted: string) =>
      node.runner.run(async (w) => {
        await w.trx.updateTable('users').set({ display_name: 'locked' }).where('id', '=', locked).execute();
        arrived += 1;
        if (arrived === 2) release();
        await bothHoldALock;
        await w.emit(emitted, { type: 'notifications.read', unreadCount: 0 });
      });
    const retriedBefore = a.runner.retried + b.runner.retried;
    await Promise.all([crossed(a, 'user-1', 'user-2'), crossed(b, 'user-2', 'user-1')]);
    expect(a.runner.retried + b.runner.retried).toBeGreaterThan(retriedBefore);
    expect(await seqOf('user-1')).toBe(seqX + 1);
    expect(await seqOf('user-2')).toBe(seqY + 1);
    const logged = await readEventsAfter(a.store.db, 'user-1', seqX, 10);
    expect(logged.map((e) => e.seq)).toEqual([seqX + 1]);
  });

  it("numbers a unit's events in the order they were emitted, and keeps exactly the newest `retention`", async () => {
    const store = nodes[0]!.store;
    const bus = new InProcessBus();
    const published: SequencedEvent[] = [];
    bus.subscribe({ onEvents: (events) => published.push(...events), onEphemeral: () => {} });
    const trimmed = new UnitOfWorkRunner(store.db, store.dialect, bus, 2);
    const users = ['window-a', 'window-b'];
    await store.db.insertInto('users').values(bareUserRows(users)).execute();
    // Unit i: a alone, then both, then a again: a gets three events a unit, b one. A window of 2 is less
    // than a unit gives a, so each unit's first event for a falls out in the statement that numbers it.
    for (let i = 0; i < 4; i += 1) {
      await trimmed.run(async (w) => {
        await w.emit('window-a', { type: 'notifications.read', unreadCount: i * 10 + 1 });
        await w.emitAll(users, { type: 'notifications.read', unreadCount: i * 10 + 2 });
        await w.emit('window-a', { type: 'notifications.read', unreadCount: i * 10 + 3 });
      });
    }
    const logA = await readEventsAfter(store.db, 'window-a', 0, 100);
    expect(logA.map((e) => [e.seq, e.event])).toEqual([
      [11, { type: 'notifications.read', unreadCount: 32 }],
      [12, { type: 'notifications.read', unreadCount: 33 }],
    ]);
    expect((await readEventsAfter(store.db, 'window-b', 0, 100)).map((e) => e.seq)).toEqual([3, 4]);
    // Everything is published once, with the seq it was stored under, in the order it was emitted.
    expect(published.slice(0, 4).map((e) => [e.userId, e.seq, e.payload])).toEqual([
      ['window-a', 1, '{"type":"notifications.read","unreadCount":1}'],
      ['window-a', 2, '{"type":"notifications.read","unreadCount":2}'],
      ['window-b', 1, '{"type":"notifications.read","unreadCount":2}'],
      ['window-a', 3, '{"type":"notifications.read","unreadCount":3}'],
    ]);
    expect(published).toHaveLength(16);
  });

  it('refuses a unit that emits to a user who does not exist, and stores none of its events', async () => {
    const { store, runner, published } = nodes[1]!;
    const before = published.length;
    const seqBefore = Number(
      (await store.db.selectFrom('users').select('event_seq').where('id', '=', 'user-3').executeTakeFirst())
        ?.event_seq,
    );
    await expect(
      runner.run((w) => w.emitAll(['user-3', 'nobody'], { type: 'notifications.read', unreadCount: 0 })),
    ).rejects.toThrow(/no user nobody/);
    const after = await store.db
      .selectFrom('users')
      .select('event_seq')
      .where('id', '=', 'user-3')
      .executeTakeFirst();
    expect(Number(after?.event_seq)).toBe(seqBefore);
    expect(await readEventsAfter(store.db, 'user-3', seqBefore, 10)).toEqual([]);
    expect(published).toHaveLength(before);
  });
});
