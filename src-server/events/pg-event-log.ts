import { CompiledQuery } from 'kysely';
import type { Transaction } from 'kysely';
import type { UserEvent } from '../../src-shared/protocol.ts';
import type { Database } from '../store/schema.ts';
import { nameStatement } from '../store/pg-named-statements.ts';
import type { SequencedEvent } from './bus.ts';

/** One `emit` or `emitAll` of a unit, waiting for the end of the unit to be numbered and stored. */
export interface PendingEvent {
  readonly userIds: readonly string[];
  readonly event: UserEvent;
}

/**
 * $1 the users, $2 how many events each gets; $3, $4, $5 per event row: its user, its rank among that user's
 * events (1, 2, …) and its payload's index in $6, the payloads; $7 the time; $8 the window (events kept
 * per user). Data-modifying WITH queries run exactly once each, on the statement's snapshot: `trimmed` sees
 * the rows that were there before (none of those `appended` inserts), so a row that would be trimmed at once
 * is not inserted at all (`seq > cutoff`), which leaves the rows inserting then trimming would have left.
 */
const APPEND = `
  with wanted as (
    select w.id, w.n from unnest($1::text[], $2::int[]) as w(id, n)
  ), bumped as (
    update users set event_seq = users.event_seq + wanted.n
    from wanted
    where users.id = wanted.id
      and users.id in (select id from users where id = any($1::text[]) order by id for no key update)
    returning users.id, users.event_seq - wanted.n as base, users.event_seq - $8::bigint as cutoff
  ), appended as (
    insert into events (user_id, seq, payload, created_at)
    select e.user_id, bumped.base + e.k, ($6::text[])[e.p], $7::bigint
    from unnest($3::text[], $4::int[], $5::int[]) as e(user_id, k, p)
    join bumped on bumped.id = e.user_id
    where bumped.base + e.k > bumped.cutoff
  ), trimmed as (
    delete from events using bumped
    where events.user_id = bumped.id and events.seq > bumped.base - $8::bigint and events.seq <= bumped.cutoff
  )
  select id, base from bumped`;
nameStatement(APPEND);

/**
 * PostgreSQL: numbers and stores every event a unit recorded, in one statement at the end of the unit.
 *
 * Each user's counter moves once by the number of events they get (`users.event_seq + n … RETURNING`),
 * their events are inserted as base + 1 … base + n in the order they were emitted, and the events that fall
 * out of the window of `keep` are deleted (as SQLite's group commit does before COMMIT, memory-seqs.ts). One round
 * trip instead of two per `emit` and one per trim: on the send path most of a transaction's time was round
 * trips between the node and PostgreSQL (docs/deploy.md, "Where a send's time goes"). Taking the counters
 * last also holds their row locks for the shortest time: from here to COMMIT.
 *
 * Counter rows are locked in id order (the sub-select's ORDER BY … FOR NO KEY UPDATE), whatever the order of
 * the users: two units bumping overlapping sets queue behind each other instead of deadlocking. NO KEY
 * UPDATE, the lock an UPDATE of non-key columns takes anyway, rather than FOR UPDATE: it does not block the
 * KEY SHARE locks other transactions' foreign-key checks take on the same users (a message they author, a
 * participant row), only other counter bumps.
 */
export async function appendPendingEvents(
  trx: Transaction<Database>,
  pending: readonly PendingEvent[],
  now: number,
  keep: number,
): Promise<SequencedEvent[]> {
  const counts = new Map<string, number>();
  const rowUsers: string[] = [];
  const rowOrdinals: number[] = [];
  const rowPayloads: number[] = [];
  const payloads = pending.map((p) => JSON.stringify(p.event));
  pending.forEach((p, index) => {
    for (const userId of p.userIds) {
      const n = (counts.get(userId) ?? 0) + 1;
      counts.set(userId, n);
      rowUsers.push(userId);
      rowOrdinals.push(n);
      rowPayloads.push(index + 1);
    }
  });
  if (rowUsers.length === 0) return [];
  const ids = [...counts.keys()];
  // The window's size as a number PostgreSQL can compare with; "keep everything" is one no seq reaches.
  const window = Number.isFinite(keep) ? keep : Number.MAX_SAFE_INTEGER;
  const { rows } = await trx.executeQuery(
    CompiledQuery.raw(APPEND, [
      ids,
      [...counts.values()],
      rowUsers,
      rowOrdinals,
      rowPayloads,
      payloads,
      now,
      window,
    ]) as CompiledQuery<{ id: string; base: number }>,
  );
  const baseOf = new Map(rows.map((row) => [row.id, Number(row.base)]));
  const missing = ids.find((id) => !baseOf.has(id));
  if (missing !== undefined) throw new Error(`event log: no user ${missing}`);
  const appended: SequencedEvent[] = [];
  pending.forEach((p, index) => {
    const payload = payloads[index] ?? '';
    for (const userId of p.userIds) {
      const seq = (baseOf.get(userId) ?? 0) + 1;
      baseOf.set(userId, seq);
      appended.push({ userId, seq, event: p.event, payload });
    }
  });
  return appended;
}
