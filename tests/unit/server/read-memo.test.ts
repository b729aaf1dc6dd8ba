import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blocksBetween } from '../../../src-server/features/consent/blocks.ts';
import { ReadMemo, statementEffect } from '../../../src-server/store/read-memo.ts';
import { memoized, readMemoCounts } from '../../../src-server/store/direct-sqlite.ts';
import { openEventStore } from './support/event-store.ts';
import type { EventStore } from './support/event-store.ts';

describe('statementEffect (what a statement that could write changes, from its SQL)', () => {
  it('reads the table of an INSERT, DELETE or UPDATE, and the columns an UPDATE sets', () => {
    expect(statementEffect('insert into "blocks" ("blocker_id") values (?)')).toEqual({
      kind: 'write',
      table: 'blocks',
      columns: null,
      rowKeyParameter: null,
      setsParametersOnly: false,
    });
    expect(statementEffect('insert or ignore into events (user_id) values (?)')).toMatchObject({
      table: 'events',
      columns: null,
    });
    expect(statementEffect('delete from "events" where "user_id" = ? and "seq" <= ?')).toMatchObject({
      table: 'events',
      columns: null,
    });
    expect(statementEffect('update "users" set "event_seq" = ? where "id" = ?')).toEqual({
      kind: 'write',
      table: 'users',
      columns: ['event_seq'],
      rowKeyParameter: null,
      setsParametersOnly: true,
    });
    expect(
      statementEffect(
        'update "conversations" set "last_seq" = "last_seq" + ?, "last_message_id" = ? where "id" = ? returning "last_seq"',
      ),
    ).toMatchObject({
      table: 'conversations',
      columns: ['last_seq', 'last_message_id'],
      setsParametersOnly: false,
    });
  });

  it('takes the whole table when the assignments are more than `column = value`, and forgets all for what it cannot read', () => {
    expect(statementEffect('update users set community_muted = coalesce(?, 0) where id = ?')).toMatchObject({
      table: 'users',
      columns: null,
    });
    expect(statementEffect('create table x (a)')).toEqual({ kind: 'unknown' });
    expect(statementEffect('with t as (select 1) update users set role = ?')).toEqual({ kind: 'unknown' });
    expect(statementEffect('rollback to "unit"')).toEqual({ kind: 'rollbackToSavepoint' });
    expect(statementEffect('rollback')).toEqual({ kind: 'rollback' });
    expect(statementEffect('begin immediate')).toEqual({ kind: 'transaction' });
    expect(statementEffect('release "unit"')).toEqual({ kind: 'none' });
  });
});

describe('statementEffect: the row key a write to a conversation’s rows is pinned to', () => {
  const pinnedTo = (sql: string) => {
    const effect = statementEffect(sql);
    return effect.kind === 'write' ? effect.rowKeyParameter : 'not a write';
  };

  it('finds the parameter of `key = ?` among ANDed conditions, after the SET clause’s parameters', () => {
    expect(
      pinnedTo(
        'update "conversations" set "last_seq" = "last_seq" + ?, "last_message_id" = ?, "last_activity_at" = ? where "id" = ? returning "last_seq"',
      ),
    ).toBe(3);
    expect(
      pinnedTo(
        'update "participants" set "last_read_seq" = ?, "delivered_seq" = ?, "marked_unread" = ? where "conversation_id" = ? and "user_id" = ?',
      ),
    ).toBe(3);
    expect(
      pinnedTo('update "participants" set "hidden" = ? where "user_id" = ? and "conversation_id" = ?'),
    ).toBe(2);
    expect(pinnedTo('delete from "participants" where "conversation_id" = ? and "user_id" = ?')).toBe(0);
  });

  it('pins nothing when the write may reach rows of other keys', () => {
    // Conditions it cannot read as a plain conjunction.
    expect(
      pinnedTo('update "participants" set "hidden" = ? where "conversation_id" = ? or "user_id" = ?'),
    ).toBeNull();
    expect(
      pinnedTo('update "participants" set "hidden" = ? where "conversation_id" = ? and "user_id" in (?, ?)'),
    ).toBeNull();
    expect(pinnedTo('update "participants" set "hidden" = ? where "user_id" = ?')).toBeNull();
    expect(pinnedTo('update "participants" set "hidden" = ?')).toBeNull();
    // Moving rows to another key, a computed assignment, a row added.
    expect(
      pinnedTo(
        'update "participants" set "conversation_id" = ? where "conversation_id" = ? and "user_id" = ?',
      ),
    ).toBeNull();
    expect(pinnedTo('update "conversations" set "last_seq" = coalesce(?, 0) where "id" = ?')).toBeNull();
    expect(pinnedTo('insert into "participants" ("conversation_id", "user_id") values (?, ?)')).toBeNull();
    // A literal could hide a `?` that is not a parameter.
    expect(pinnedTo(`update "conversations" set "title" = 'why?', "last_seq" = ? where "id" = ?`)).toBeNull();
    // A table not kept per row.
    expect(pinnedTo('update "users" set "event_seq" = ? where "id" = ?')).toBeNull();
  });
});

describe('ReadMemo', () => {
  const mutedOf = [{ table: 'users', columns: ['community_muted'] }] as const;
  let loads: number;
  let memo: ReadMemo;
  const load = async () => {
    loads += 1;
    return loads;
  };
  beforeEach(() => {
    loads = 0;
    memo = new ReadMemo();
  });

  it('answers from memory only in a checked transaction, until a write touches what the read depends on', async () => {
    await memo.read('muted:a', mutedOf, load);
    await memo.read('muted:a', mutedOf, load);
    expect(loads).toBe(2); // not checked yet: every read loads
    memo.noteWrite(statementEffect('begin immediate'));
    memo.verify(false);
    expect(await memo.read('muted:a', mutedOf, load)).toBe(3);
    expect(await memo.read('muted:a', mutedOf, load)).toBe(3);
    memo.noteWrite(statementEffect('update "users" set "event_seq" = ? where "id" = ?')); // another column
    expect(await memo.read('muted:a', mutedOf, load)).toBe(3);
    memo.noteWrite(statementEffect('update "users" set "community_muted" = ? where "id" = ?'));
    expect(await memo.read('muted:a', mutedOf, load)).toBe(4);
    memo.noteWrite(statementEffect('insert into "users" ("id") values (?)')); // rows of the table: always
    expect(await memo.read('muted:a', mutedOf, load)).toBe(5);
    memo.noteWrite(statementEffect('rollback to "unit"')); // still checked, but what was read may be undone
    expect(await memo.read('muted:a', mutedOf, load)).toBe(6);
    expect(await memo.read('muted:a', mutedOf, load)).toBe(6);
    memo.noteWrite(statementEffect('commit')); // the next transaction is checked again first
    expect(await memo.read('muted:a', mutedOf, load)).toBe(7);
    memo.noteWrite(statementEffect('begin immediate'));
    memo.verify(true); // another connection committed meanwhile
    expect(await memo.read('muted:a', mutedOf, load)).toBe(8);
  });

  it('a read on a whole table is forgotten by any write to it, and by a statement it cannot read', async () => {
    const blocksOf = [{ table: 'blocks' }] as const;
    memo.verify(false);
    await memo.read('blocks:a:b', blocksOf, load);
    memo.noteWrite(statementEffect('update "events" set "payload" = ?'));
    expect(await memo.read('blocks:a:b', blocksOf, load)).toBe(1);
    memo.noteWrite(statementEffect('update "blocks" set "created_at" = ?'));
    expect(await memo.read('blocks:a:b', blocksOf, load)).toBe(2);
    memo.noteWrite(statementEffect('drop index something'));
    expect(await memo.read('blocks:a:b', blocksOf, load)).toBe(3);
  });

  it('rows kept per key: a write pinned to another key leaves them, one pinned to theirs or to none forgets them', async () => {
    const setLastSeq = statementEffect('update "conversations" set "last_seq" = ? where "id" = ?');
    const addParticipant = statementEffect('insert into "participants" ("conversation_id") values (?)');
    const readX = () => memo.readRow('conversations', 'x', load);
    const readY = () => memo.readRow('conversations', 'y', load);
    memo.verify(false);
    expect([await readX(), await readY()]).toEqual([1, 2]);
    memo.noteWrite(setLastSeq, [7, 'y']);
    expect([await readX(), await readY()]).toEqual([1, 3]);
    memo.noteWrite(addParticipant, ['x']); // another table's rows
    expect([await readX(), await readY()]).toEqual([1, 3]);
    memo.noteWrite(statementEffect('update "conversations" set "title" = ? where "kind" = ?'), [
      't',
      'group',
    ]);
    expect([await readX(), await readY()]).toEqual([4, 5]);
    // An entry on the whole table still sees every write to it, pinned or not.
    const everyConversation = [{ table: 'conversations' }] as const;
    expect(await memo.read('all', everyConversation, load)).toBe(6);
    memo.noteWrite(setLastSeq, [8, 'x']);
    expect(await memo.read('all', everyConversation, load)).toBe(7);
  });

  it('a table named like an Object property is not a table kept per row', async () => {
    memo.verify(false);
    expect(await memo.readRow('conversations', 'x', load)).toBe(1);
    memo.noteWrite(statementEffect('delete from "__proto__" where "id" = ?'), ['x']);
    memo.noteWrite(statementEffect('update "constructor" set "a" = ? where "id" = ?'), [1, 'x']);
    expect(({} as { unpinned?: unknown }).unpinned).toBeUndefined();
    expect(await memo.readRow('conversations', 'x', load)).toBe(1);
  });

  it('written through: what the writer says the rows now are answers the next read, until the next write to them', async () => {
    const setLastSeq = statementEffect('update "conversations" set "last_seq" = ? where "id" = ?');
    memo.putRow('conversations', 'x', 'before the check'); // not checked: not kept
    memo.verify(false);
    expect(await memo.readRow('conversations', 'x', load)).toBe(1);
    memo.noteWrite(setLastSeq, [2, 'x']);
    memo.putRow('conversations', 'x', 'as written');
    expect(await memo.readRow('conversations', 'x', load)).toBe('as written');
    memo.noteWrite(setLastSeq, [3, 'x']);
    expect(await memo.readRow('conversations', 'x', load)).toBe(2);
    memo.putRow('conversations', 'x', 'as written again');
    memo.noteWrite(statementEffect('rollback to "unit"'));
    expect(await memo.readRow('conversations', 'x', load)).toBe(3);
  });

  it('a row read that a write overtakes while it loads is not kept as fresh', async () => {
    memo.verify(false);
    const stale = await memo.readRow('conversations', 'x', async () => {
      memo.noteWrite(statementEffect('update "conversations" set "last_seq" = ? where "id" = ?'), [9, 'x']);
      return 'read before the write';
    });
    expect(stale).toBe('read before the write');
    expect(await memo.readRow('conversations', 'x', load)).toBe(1);
  });
});

describe('the read memo on the server’s connection, inside group commits', () => {
  let opened: EventStore;
  beforeEach(async () => {
    opened = await openEventStore(['a', 'b']);
  });
  afterEach(() => opened.close());

  it('a block written by one unit is seen by the next unit of the same group, and by later groups', async () => {
    const { runner } = opened;
    const check = () => runner.run((w) => blocksBetween(w.trx, 'a', 'b'));
    const block = () =>
      runner.run(async (w) => {
        await w.trx
          .insertInto('blocks')
          .values({ blocker_id: 'b', blocked_id: 'a', created_at: 1 })
          .execute();
      });
    expect(await check()).toEqual({ aBlockedB: false, bBlockedA: false });
    const first = readMemoCounts(opened.store.db);
    // Remembered: the next group answers from memory.
    expect(await check()).toEqual({ aBlockedB: false, bBlockedA: false });
    expect(readMemoCounts(opened.store.db)?.hits).toBe((first?.hits ?? 0) + 1);
    const [before, , after] = await Promise.all([check(), block(), check()]);
    expect(before).toEqual({ aBlockedB: false, bBlockedA: false });
    expect(after).toEqual({ aBlockedB: false, bBlockedA: true });
    expect(await check()).toEqual({ aBlockedB: false, bBlockedA: true });
  });

  it('what a failed unit wrote, and read back, is not remembered once it is rolled back', async () => {
    const { runner } = opened;
    const check = () => runner.run((w) => blocksBetween(w.trx, 'a', 'b'));
    let seenInside: unknown;
    const blockThenFail = () =>
      runner.run(async (w) => {
        await w.trx
          .insertInto('blocks')
          .values({ blocker_id: 'b', blocked_id: 'a', created_at: 1 })
          .execute();
        seenInside = await blocksBetween(w.trx, 'a', 'b');
        throw new Error('a rule broken after the write');
      });
    const [failed, after] = await Promise.allSettled([blockThenFail(), check()]);
    expect(failed.status).toBe('rejected');
    expect(seenInside).toEqual({ aBlockedB: false, bBlockedA: true });
    expect(after).toEqual({ status: 'fulfilled', value: { aBlockedB: false, bBlockedA: false } });
    expect(await check()).toEqual({ aBlockedB: false, bBlockedA: false });
  });

  it('a change by another connection between groups is seen (PRAGMA data_version)', async () => {
    const { runner } = opened;
    const muted = () =>
      runner.run((w) =>
        memoized(w.trx, 'muted:a', [{ table: 'users', columns: ['community_muted'] }], async () =>
          Number(
            (
              await w.trx
                .selectFrom('users')
                .select('community_muted')
                .where('id', '=', 'a')
                .executeTakeFirst()
            )?.community_muted,
          ),
        ),
      );
    expect(await muted()).toBe(0);
    expect(await muted()).toBe(0);
    const admin = new Database(opened.file);
    admin.prepare('update users set community_muted = 1 where id = ?').run('a');
    admin.close();
    expect(await muted()).toBe(1);
  });
});
