import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { executeSql } from '../../../src-server/store/direct-sqlite.ts';
import { openEventStore } from './support/event-store.ts';
import type { EventStore } from './support/event-store.ts';

// Statements run straight on SQLite inside a transaction, through Kysely's connection mutex outside one
// (store/direct-sqlite.ts), on a real SQLite file.

let t: EventStore;
beforeEach(async () => {
  t = await openEventStore(['a', 'b']);
});
afterEach(() => t.close());

const COUNT = 'select count(*) as n from users';
const INSERT = `insert into users (id, username, display_name, password_hash, role, email, community_muted, event_seq, created_at)
  values (?, ?, ?, 'x', 'user', null, 0, 0, 0)`;
const count = (rows: { n: number }[]) => Number(rows[0]?.n);

describe('direct statements', () => {
  it('run inside the transaction; a query outside waits for it and never sees what it rolled back', async () => {
    const db = t.store.db;
    const trx = await db.startTransaction().execute();
    await executeSql(trx, INSERT, ['c', 'c', 'c']);
    expect(count((await executeSql<{ n: number }>(trx, COUNT)).rows)).toBe(3);

    let outsideDone = false;
    const outside = executeSql<{ n: number }>(db, COUNT).then((result) => {
      outsideDone = true;
      return result;
    });
    await sleep(20);
    expect(outsideDone).toBe(false);
    await trx.rollback().execute();
    expect(count((await outside).rows)).toBe(2);
  });

  it('report changes for writes and rows for reads, as Kysely does', async () => {
    const result = await t.store.db
      .transaction()
      .execute((trx) =>
        executeSql(trx, 'update users set display_name = ? where id in (?, ?)', ['x', 'a', 'b']),
      );
    expect(result).toEqual({ rows: [], numAffectedRows: 2n });
  });
});
