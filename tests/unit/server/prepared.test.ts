import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import type { LogEvent } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { prepared } from '../../../src-server/store/prepared.ts';
import type { Database } from '../../../src-server/store/schema.ts';
import { openEventStore } from './support/event-store.ts';
import type { EventStore } from './support/event-store.ts';

// Queries built and compiled once, run with new values (store/prepared.ts), on a real SQLite file.

let t: EventStore;
beforeEach(async () => {
  t = await openEventStore(['a', 'b']);
});
afterEach(() => t.close());

let builds = 0;
const bump = prepared((db, a: { userId: string; name: string }) => {
  builds += 1;
  return db
    .updateTable('users')
    .set((eb) => ({ event_seq: eb('event_seq', '+', 1), display_name: a.name }))
    .where('id', '=', a.userId)
    .returning(['id', 'event_seq', 'display_name']);
});

describe('prepared queries', () => {
  it('builds once and runs with each call’s values, constants kept, in and out of transactions', async () => {
    builds = 0;
    expect((await bump(t.store.db, { userId: 'a', name: 'Ann' })).rows).toEqual([
      { id: 'a', event_seq: 1, display_name: 'Ann' },
    ]);
    expect((await bump(t.store.db, { userId: 'b', name: 'Bea' })).rows).toEqual([
      { id: 'b', event_seq: 1, display_name: 'Bea' },
    ]);
    const inside = await t.store.db.transaction().execute((trx) => bump(trx, { userId: 'a', name: 'Anna' }));
    expect(inside.rows).toEqual([{ id: 'a', event_seq: 2, display_name: 'Anna' }]);
    expect(builds).toBe(1);
  });

  it('refuses an argument that does not reach the query as a value', async () => {
    const computed = prepared((db, a: { userId: string; limit: number }) =>
      db
        .selectFrom('users')
        .select('id')
        .where('id', '=', a.userId)
        .limit(Number(a.limit) || 1),
    );
    await expect(computed(t.store.db, { userId: 'a', limit: 5 })).rejects.toThrow(/limit never reach/);
  });

  it('compiles once per dialect: PostgreSQL gets its own placeholders', async () => {
    const seen: string[] = [];
    const pg = new Kysely<Database>({
      dialect: {
        createAdapter: () => new PostgresAdapter(),
        createDriver: () => new DummyDriver(),
        createIntrospector: (db) => new PostgresIntrospector(db),
        createQueryCompiler: () => new PostgresQueryCompiler(),
      },
      log: (event: LogEvent) => {
        seen.push(`${event.query.sql} ${JSON.stringify(event.query.parameters)}`);
      },
    });
    await bump(pg, { userId: 'a', name: 'Ann' });
    await bump(t.store.db, { userId: 'a', name: 'Ann' });
    await bump(pg, { userId: 'b', name: 'Bea' });
    expect(seen).toEqual([
      'update "users" set "event_seq" = "event_seq" + $1, "display_name" = $2 where "id" = $3 returning "id", "event_seq", "display_name" [1,"Ann","a"]',
      'update "users" set "event_seq" = "event_seq" + $1, "display_name" = $2 where "id" = $3 returning "id", "event_seq", "display_name" [1,"Bea","b"]',
    ]);
  });
});
