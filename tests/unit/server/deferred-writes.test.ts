import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deferralBarrier } from '../../../src-server/store/deferred-writes.ts';
import { withStatementCache } from '../../../src-server/store/statement-cache.ts';
import type { CountingSqliteDatabase } from '../../../src-server/store/statement-cache.ts';

// Writes held inside a transaction until a statement could see them (store/deferred-writes.ts), on a real
// SQLite connection through the server's statement cache.

const SET_LATEST = 'update "conversations" set "last_seq" = ?, "last_message_id" = ? where "id" = ?';
const MARK_READ =
  'update "participants" set "last_read_seq" = ? where "conversation_id" = ? and "user_id" = ?';

let sqlite: BetterSqlite3.Database;
let db: CountingSqliteDatabase;
/** Statements that could write and were started (each held write that runs is one). */
let writesStarted: number[];

beforeEach(() => {
  sqlite = new BetterSqlite3(':memory:');
  sqlite.exec(`
    create table conversations (id text primary key, last_seq integer not null, last_message_id text);
    create table participants (conversation_id text not null, user_id text not null, last_read_seq integer not null,
      primary key (conversation_id, user_id));
    create table messages (id text primary key, conversation_id text not null references conversations (id));
    insert into conversations values ('c1', 0, null), ('c2', 0, null);
    insert into participants values ('c1', 'ann', 0), ('c1', 'bob', 0);
  `);
  writesStarted = [];
  db = withStatementCache(sqlite, { beforeWrite: (mark) => writesStarted.push(mark) });
});
afterEach(() => db.close());

const run = (sql: string, parameters: unknown[] = []) => db.prepare(sql).run(parameters);
const all = (sql: string, parameters: unknown[] = []) => db.prepare(sql).all(parameters) as object[];
/** The row as SQLite holds it now, bypassing the cache (and so never running what is held). */
const peek = (id: string) =>
  sqlite.prepare('select last_seq, last_message_id from conversations where id = ?').get(id) as object;

describe('deferred writes', () => {
  it('are held past statements that do not name their table, and run once per row before one that does', () => {
    run('begin immediate');
    db.defer(SET_LATEST, [1, 'm1', 'c1']);
    run('insert into messages (id, conversation_id) values (?, ?)', ['m2', 'c1']);
    db.defer(SET_LATEST, [2, 'm2', 'c1']);
    db.defer(SET_LATEST, [1, 'n1', 'c2']);
    expect(peek('c1')).toEqual({ last_seq: 0, last_message_id: null });
    const before = writesStarted.length;
    expect(all('select id, last_seq from conversations order by id')).toEqual([
      { id: 'c1', last_seq: 2 },
      { id: 'c2', last_seq: 1 },
    ]);
    // Two rows held, two UPDATEs run: c1's first hold was replaced by its second.
    expect(writesStarted.length - before).toBe(2);
    run('commit');
    expect(peek('c1')).toEqual({ last_seq: 2, last_message_id: 'm2' });
  });

  it('run before COMMIT, and a hold of another row of the same statement is kept apart', () => {
    run('begin immediate');
    db.defer(MARK_READ, [3, 'c1', 'ann']);
    db.defer(MARK_READ, [5, 'c1', 'bob']);
    run('commit');
    const rows = sqlite.prepare('select user_id, last_read_seq from participants order by user_id').all();
    expect(rows).toEqual([
      { user_id: 'ann', last_read_seq: 3 },
      { user_id: 'bob', last_read_seq: 5 },
    ]);
  });

  it('are dropped by ROLLBACK and never reach the next transaction', () => {
    run('begin immediate');
    db.defer(SET_LATEST, [7, 'm7', 'c1']);
    run('rollback');
    run('begin immediate');
    run('commit');
    expect(peek('c1')).toEqual({ last_seq: 0, last_message_id: null });
  });

  it('are run before ROLLBACK TO, which then undoes them with the rest of the savepoint', () => {
    run('begin immediate');
    db.defer(SET_LATEST, [1, 'm1', 'c1']);
    run('savepoint "unit"');
    // The first hold ran before the savepoint, so it is outside it.
    expect(peek('c1')).toEqual({ last_seq: 1, last_message_id: 'm1' });
    db.defer(SET_LATEST, [2, 'm2', 'c1']);
    run('rollback to "unit"');
    run('release "unit"');
    run('commit');
    expect(peek('c1')).toEqual({ last_seq: 1, last_message_id: 'm1' });
  });

  it('count as a write at once, for the group commit that tells a unit that wrote from one that did not', () => {
    run('begin immediate');
    const runs = db.runCount();
    db.defer(SET_LATEST, [1, 'm1', 'c1']);
    expect(db.runCount()).toBe(runs + 1);
    run('rollback');
  });

  it('are refused outside a transaction, and for any write that is not an UPDATE of one keyed row', () => {
    expect(() => db.defer(SET_LATEST, [1, 'm1', 'c1'])).toThrow(/in a transaction/);
    run('begin immediate');
    expect(() => db.defer('update "conversations" set "last_seq" = ?', [1])).toThrow(/one row/);
    expect(() =>
      db.defer('update "conversations" set "last_seq" = "last_seq" + 1 where "id" = ?', ['c1']),
    ).toThrow(/one row/);
    expect(() => db.defer('insert into messages (id, conversation_id) values (?, ?)', ['m', 'c1'])).toThrow(
      /one row/,
    );
    expect(() =>
      db.defer('update "conversations" set "last_seq" = ? where "id" = ? or 1', [1, 'c1']),
    ).toThrow(/one row/);
    run('rollback');
  });

  it('are settled by what each statement could see, read off its SQL', () => {
    expect(deferralBarrier('insert into "messages" ("id") values (?)')).toBe('pass');
    expect(deferralBarrier('insert into "events" ("user_id", "payload") values (?, ?)')).toBe('pass');
    expect(deferralBarrier('select * from "participants" where "conversation_id" = ?')).toBe('flush');
    expect(
      deferralBarrier('select c.id from messages m join conversations c on c.id = m.conversation_id'),
    ).toBe('flush');
    expect(deferralBarrier('commit')).toBe('flush');
    expect(deferralBarrier('savepoint "unit"')).toBe('flush');
    expect(deferralBarrier('release "unit"')).toBe('flush');
    expect(deferralBarrier('rollback to "unit"')).toBe('flush');
    expect(deferralBarrier('rollback')).toBe('discard');
    expect(deferralBarrier('begin immediate')).toBe('discard');
  });
});
