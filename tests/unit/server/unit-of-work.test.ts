import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InProcessBus } from '../../../src-server/events/bus.ts';
import type { SequencedEvent } from '../../../src-server/events/bus.ts';
import { readEventsAfter } from '../../../src-server/events/event-log.ts';
import { GROUP_COMMIT, UnitOfWorkRunner } from '../../../src-server/events/unit-of-work.ts';
import type { Work } from '../../../src-server/events/unit-of-work.ts';
import type { OpenedDatabase } from '../../../src-server/store/database.ts';
import { openEventStore } from './support/event-store.ts';
import type { EventStore } from './support/event-store.ts';

let opened: EventStore;
let store: OpenedDatabase;
let published: SequencedEvent[];
let runner: UnitOfWorkRunner;

beforeEach(async () => {
  opened = await openEventStore(['a', 'b']);
  ({ store, published, runner } = opened);
});

afterEach(() => opened.close());

const rename = (userId: string, name: string, fail = false) =>
  runner.run(async (w) => {
    await w.trx.updateTable('users').set({ display_name: name }).where('id', '=', userId).execute();
    await w.emit(userId, { type: 'notifications.read', unreadCount: name.length });
    if (fail) throw new Error(`rule broken for ${name}`);
    return name;
  });

describe('UnitOfWorkRunner (SQLite group commit)', () => {
  it('commits units that arrive together in one transaction, each caller hearing back after that commit', async () => {
    // A second connection sees only committed data. With separate commits, the first rename would be
    // visible to it while the third unit runs; in one group it is not, though the group already holds it.
    const outside = new Database(opened.file, { readonly: true });
    const committedName = () =>
      (outside.prepare('select display_name from users where id = ?').get('a') as { display_name: string })
        .display_name;
    const seenWhileThirdRuns: { inside?: string; outside?: string } = {};
    const heardBack: string[] = [];
    try {
      const first = rename('a', 'first').then((name) => {
        heardBack.push(`${name}: committed ${committedName()}`);
      });
      const second = rename('b', 'second').then((name) => {
        heardBack.push(`${name}: committed ${committedName()}`);
      });
      const third = runner.run(async (w) => {
        const row = await w.trx
          .selectFrom('users')
          .select('display_name')
          .where('id', '=', 'a')
          .executeTakeFirstOrThrow();
        seenWhileThirdRuns.inside = row.display_name;
        seenWhileThirdRuns.outside = committedName();
        await w.trx.updateTable('users').set({ display_name: 'third' }).where('id', '=', 'a').execute();
      });
      await Promise.all([first, second, third]);
      expect(seenWhileThirdRuns).toEqual({ inside: 'first', outside: 'a' });
      // Nobody heard back before the one COMMIT: by then the third unit's write was durable too.
      expect(heardBack).toEqual(['first: committed third', 'second: committed third']);
    } finally {
      outside.close();
    }
  });

  it('rolls back only the unit that failed, with its events and seqs', async () => {
    const results = await Promise.allSettled([
      rename('a', 'first'),
      rename('b', 'broken', true),
      rename('a', 'third'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);

    const names = await store.db.selectFrom('users').select(['id', 'display_name']).orderBy('id').execute();
    expect(names).toEqual([
      { id: 'a', display_name: 'third' },
      { id: 'b', display_name: 'b' },
    ]);
    // The failed unit's event (and its seq) was rolled back with it: b's log is empty, a's is 1, 2.
    expect(await readEventsAfter(store.db, 'b', 0, 10)).toEqual([]);
    expect((await readEventsAfter(store.db, 'a', 0, 10)).map((e) => e.seq)).toEqual([1, 2]);
    expect(published.map((e) => [e.userId, e.seq])).toEqual([
      ['a', 1],
      ['a', 2],
    ]);
  });

  it('runs a group again with a savepoint per unit only when a unit failed after writing', async () => {
    const runs = { a: 0, refused: 0, b: 0, wrote: 0 };
    const unit = (name: keyof typeof runs, effect: (w: Work) => Promise<void>) =>
      runner.run(async (w) => {
        runs[name] += 1;
        await effect(w);
        return name;
      });
    const refuse = (): never => {
      throw new Error('a rule, checked before any write');
    };
    // A unit that fails before writing anything leaves nothing to undo: its neighbours run once.
    const first = await Promise.allSettled([
      unit('a', (w) => w.emit('a', { type: 'notifications.read', unreadCount: 1 })),
      unit('refused', async (w) => {
        await w.emit('b', { type: 'notifications.read', unreadCount: 2 });
        await w.trx.selectFrom('users').select('id').execute();
        refuse();
      }),
      unit('b', (w) => w.emit('b', { type: 'notifications.read', unreadCount: 3 })),
    ]);
    expect(first.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(runs).toEqual({ a: 1, refused: 1, b: 1, wrote: 0 });
    // One that wrote first: the group is rolled back and run again, each unit in its savepoint.
    const second = await Promise.allSettled([
      unit('a', (w) => w.emit('a', { type: 'notifications.read', unreadCount: 4 })),
      unit('wrote', async (w) => {
        await w.trx.updateTable('users').set({ display_name: 'half-done' }).where('id', '=', 'b').execute();
        refuse();
      }),
    ]);
    expect(second.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    expect(runs).toEqual({ a: 3, refused: 1, b: 1, wrote: 2 });
    const b = await store.db
      .selectFrom('users')
      .select('display_name')
      .where('id', '=', 'b')
      .executeTakeFirst();
    expect(b?.display_name).toBe('b');
    // Each event once, in order: nothing of the attempt rolled back was stored or published.
    expect(published.map((e) => [e.userId, e.seq])).toEqual([
      ['a', 1],
      ['b', 1],
      ['a', 2],
    ]);
    expect((await readEventsAfter(store.db, 'a', 0, 10)).map((e) => e.seq)).toEqual([1, 2]);
  });

  it('counts a write with RETURNING as a write: a unit that fails after one is rolled back alone', async () => {
    let attempts = 0;
    const outcomes = await Promise.allSettled([
      runner.run((w) => w.emit('a', { type: 'notifications.read', unreadCount: 1 })),
      runner.run(async (w) => {
        attempts += 1;
        // A reader statement that writes (as a block or a follow is stored), then a broken rule.
        await w.trx
          .updateTable('users')
          .set({ display_name: 'half-done' })
          .where('id', '=', 'b')
          .returning('id')
          .execute();
        throw new Error('a rule, checked after a write');
      }),
    ]);
    expect(outcomes.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    expect(attempts).toBe(2);
    const b = await store.db
      .selectFrom('users')
      .select('display_name')
      .where('id', '=', 'b')
      .executeTakeFirst();
    expect(b?.display_name).toBe('b');
  });

  it('publishes nothing before the commit that stores it', async () => {
    let seenInsideUnit = -1;
    await runner.run(async (w) => {
      await w.emit('a', { type: 'notifications.read', unreadCount: 0 });
      seenInsideUnit = published.length;
    });
    expect(seenInsideUnit).toBe(0);
    expect(published).toHaveLength(1);
  });

  it('keeps exactly the newest `retention` events per user, trimmed in the same commit', async () => {
    const trimmed = new UnitOfWorkRunner(store.db, store.dialect, new InProcessBus(), 2);
    for (let i = 0; i < 4; i += 1) {
      await trimmed.run((w) => w.emitAll(['a', 'b'], { type: 'notifications.read', unreadCount: i }));
    }
    expect((await readEventsAfter(store.db, 'a', 0, 10)).map((e) => e.seq)).toEqual([3, 4]);
    expect((await readEventsAfter(store.db, 'b', 0, 10)).map((e) => e.seq)).toEqual([3, 4]);
  });

  it('keeps exactly the newest `retention` events when one group appends more than that', async () => {
    const trimmed = new UnitOfWorkRunner(store.db, store.dialect, new InProcessBus(), 3);
    // Queued together, so they share one group commit: the window is applied to the group's rows as a whole.
    await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        trimmed.run((w) => w.emitAll(['a', 'a'], { type: 'notifications.read', unreadCount: i })),
      ),
    );
    expect((await readEventsAfter(store.db, 'a', 0, 20)).map((e) => e.seq)).toEqual([8, 9, 10]);
    await trimmed.run((w) => w.emit('a', { type: 'notifications.read', unreadCount: 9 }));
    expect((await readEventsAfter(store.db, 'a', 0, 20)).map((e) => e.seq)).toEqual([9, 10, 11]);
  });

  it('gives one user at most their share of a group; the rest of their backlog follows in order', async () => {
    // A second connection sees only what is committed: how many of the flood's renames a unit sees there
    // says which group it ran in.
    const outside = new Database(opened.file, { readonly: true });
    const committed = () =>
      (outside.prepare('select display_name from users where id = ?').get('a') as { display_name: string })
        .display_name;
    const flood = GROUP_COMMIT.maxUnitsPerUser * 2 + 3;
    const ran: string[] = [];
    const seenByLastOfFirstGroup: string[] = [];
    try {
      const floods = Array.from({ length: flood }, (_, i) =>
        runner.run(
          async (w) => {
            ran.push(`a${i}`);
            if (i === GROUP_COMMIT.maxUnitsPerUser) seenByLastOfFirstGroup.push(committed());
            await w.trx
              .updateTable('users')
              .set({ display_name: `a${i}` })
              .where('id', '=', 'a')
              .execute();
          },
          { userId: 'a', connectionId: 'socket-a' },
        ),
      );
      // Queued after the whole flood, from another user: it still makes the first group.
      const other = runner.run(
        async (w) => {
          ran.push('b');
          seenByLastOfFirstGroup.push(committed());
          await w.trx.updateTable('users').set({ display_name: 'b0' }).where('id', '=', 'b').execute();
        },
        { userId: 'b', connectionId: 'socket-b' },
      );
      await Promise.all([...floods, other]);
      const share = GROUP_COMMIT.maxUnitsPerUser;
      // First group: a's first `share` units, then b's; a's later units follow in their order.
      expect(ran).toEqual([
        ...Array.from({ length: share }, (_, i) => `a${i}`),
        'b',
        ...Array.from({ length: flood - share }, (_, i) => `a${share + i}`),
      ]);
      // b ran inside the first group (nothing committed yet); a's next unit after the first commit.
      expect(seenByLastOfFirstGroup).toEqual(['a', `a${share - 1}`]);
      expect(committed()).toBe(`a${flood - 1}`);
    } finally {
      outside.close();
    }
  });
});
