import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src-server/store/database.ts';
import type { OpenedDatabase } from '../../../src-server/store/database.ts';
import { first, prepared } from '../../../src-server/store/prepared.ts';
import { freshTestStore } from '../../support/test-store.ts';
import type { ServerStore } from '../../support/test-store.ts';
import { bareUserRows } from '../../support/user-rows.ts';

let shared: ServerStore;
let store: OpenedDatabase;

beforeAll(async () => {
  shared = await freshTestStore();
  const url = shared.database;
  if (!url) throw new Error('this suite runs on PostgreSQL');
  // One connection: every query below runs on the one where the statements were prepared.
  store = await openDatabase(url, { poolSize: 1 });
  await store.db
    .insertInto('users')
    .values(bareUserRows(['named-a']))
    .execute();
});

afterAll(async () => {
  await store?.close();
  await shared?.drop();
});

const byName = prepared((db, a: { id: string }) =>
  db.selectFrom('users').select(['id', 'display_name']).where('id', '=', a.id),
);
const everyColumn = prepared((db, a: { id: string }) =>
  db.selectFrom('users').selectAll().where('id', '=', a.id),
);
const bump = prepared((db, a: { id: string }) =>
  db
    .updateTable('users')
    .set((eb) => ({ event_seq: eb('event_seq', '+', 1) }))
    .where('id', '=', a.id)
    .returning('event_seq'),
);

describe('prepared statements on PostgreSQL (store/pg-named-statements.ts)', () => {
  it('keep working when a migration adds a column while the node runs, `*` queries included', async () => {
    const run = async () => ({
      named: await first(byName(store.db, { id: 'named-a' })),
      all: await first(everyColumn(store.db, { id: 'named-a' })),
      seq: Number((await first(bump(store.db, { id: 'named-a' })))?.event_seq),
    });
    const before = await run();
    expect(before.named).toEqual({ id: 'named-a', display_name: 'named-a' });
    expect(before.seq).toBe(1);
    // The named statements exist on the connection now; a rolling upgrade's migration adds a column.
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from pg_prepared_statements where name like 'beatpass\\_%'`.execute(store.db);
    expect(rows[0]?.n).toBeGreaterThanOrEqual(2);
    await sql`alter table users add column added_later text`.execute(store.db);

    const after = await run();
    expect(after.named).toEqual({ id: 'named-a', display_name: 'named-a' });
    // A `*` query is never kept prepared: it sees the new column instead of failing
    // ("cached plan must not change result type").
    expect(after.all).toMatchObject({ id: 'named-a', added_later: null });
    expect(after.seq).toBe(2);
  });
});
