import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendEvent, latestSeq, readEventsAfter } from '../../../src-server/events/event-log.ts';
import { openDatabase } from '../../../src-server/store/database.ts';
import { openEventStore } from './support/event-store.ts';
import type { EventStore } from './support/event-store.ts';

// The in-memory per-user seqs of SQLite's group commit (events/memory-seqs.ts): whatever fails, the log
// stays 1, 2, 3, … per user, users.event_seq stays its last seq, and nothing rolled back is published.

let t: EventStore;
beforeEach(async () => {
  t = await openEventStore(['a', 'b']);
});
afterEach(() => t.close());

const ping = (userIds: string[], options: { fail?: boolean; n?: number } = {}) =>
  t.runner.run(async (w) => {
    await w.emitAll(userIds, { type: 'notifications.read', unreadCount: options.n ?? 0 });
    if (options.fail) throw new Error('rule broken after emitting');
  });

const seqsOf = async (userId: string) =>
  (await readEventsAfter(t.store.db, userId, 0, 100)).map((e) => e.seq);

describe('in-memory event seqs (SQLite)', () => {
  it('numbers events 1, 2, 3 per user across units and groups, and keeps users.event_seq at the last one', async () => {
    await Promise.all([ping(['a', 'b']), ping(['a']), ping(['a', 'a'])]);
    await ping(['b']);
    expect(await seqsOf('a')).toEqual([1, 2, 3, 4]);
    expect(await seqsOf('b')).toEqual([1, 2]);
    expect(await latestSeq(t.store.db, 'a')).toBe(4);
    expect(await latestSeq(t.store.db, 'b')).toBe(2);
  });

  it('writes a unit’s events together, however many (several statements past 32 rows)', async () => {
    await ping(Array.from({ length: 70 }, () => 'a'));
    expect(await seqsOf('a')).toEqual(Array.from({ length: 70 }, (_, i) => i + 1));
    expect(await latestSeq(t.store.db, 'a')).toBe(70);
  });

  it('gives a rolled-back unit’s seqs to the next unit of the same group', async () => {
    const results = await Promise.allSettled([
      ping(['a'], { n: 1 }),
      ping(['a', 'b'], { fail: true }),
      ping(['a', 'b'], { n: 3 }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await seqsOf('a')).toEqual([1, 2]);
    expect(await seqsOf('b')).toEqual([1]);
    expect(await latestSeq(t.store.db, 'a')).toBe(2);
    expect(await latestSeq(t.store.db, 'b')).toBe(1);
    expect(t.published.map((e) => [e.userId, e.seq])).toEqual([
      ['a', 1],
      ['a', 2],
      ['b', 1],
    ]);
  });

  it('forgets the counters of a group whose COMMIT fails, and carries on from the database', async () => {
    await ping(['a']);
    // A deferred foreign key is checked at COMMIT: a unit can succeed and still make its group's COMMIT fail.
    await sql`create table parent (id text primary key)`.execute(t.store.db);
    await sql`create table child (parent_id text references parent(id) deferrable initially deferred)`.execute(
      t.store.db,
    );
    const orphan = t.runner.run(async (w) => {
      await w.emitAll(['a', 'b'], { type: 'notifications.read', unreadCount: 9 });
      await sql`insert into child values ('nobody')`.execute(w.trx);
    });
    const together = ping(['a']);
    await expect(orphan).rejects.toThrow(/FOREIGN KEY/);
    await expect(together).rejects.toThrow(/FOREIGN KEY/);

    await ping(['a', 'b']);
    expect(await seqsOf('a')).toEqual([1, 2]);
    expect(await seqsOf('b')).toEqual([1]);
    expect(await latestSeq(t.store.db, 'a')).toBe(2);
    expect(t.published.map((e) => [e.userId, e.seq])).toEqual([
      ['a', 1],
      ['a', 2],
      ['b', 1],
    ]);
  });

  it('sees events another connection appended (the admin CLI) and continues after them', async () => {
    await ping(['a']);
    const other = await openDatabase(t.file);
    try {
      await other.db
        .transaction()
        .execute((trx) => appendEvent(trx, 'a', { type: 'notifications.read', unreadCount: 5 }, 0));
    } finally {
      await other.close();
    }
    await ping(['a']);
    expect(await seqsOf('a')).toEqual([1, 2, 3]);
    expect(await latestSeq(t.store.db, 'a')).toBe(3);
  });

  it('heals after a writer it cannot see: the clashing unit fails, the next one gets the right seq', async () => {
    await ping(['a']);
    // Same connection, outside the runner: data_version does not move, so the counter is stale (1, not 2).
    await t.store.db
      .transaction()
      .execute((trx) => appendEvent(trx, 'a', { type: 'notifications.read', unreadCount: 5 }, 0));
    await expect(ping(['a'])).rejects.toThrow(/UNIQUE|PRIMARY KEY/);
    await ping(['a']);
    expect(await seqsOf('a')).toEqual([1, 2, 3]);
    expect(await latestSeq(t.store.db, 'a')).toBe(3);
  });
});
