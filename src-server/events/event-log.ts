import { sql } from 'kysely';
import type { Transaction } from 'kysely';
import { userEventSchema } from '../../src-shared/protocol.ts';
import type { UserEvent } from '../../src-shared/protocol.ts';
import type { Db } from '../store/database.ts';
import type { Database } from '../store/schema.ts';
import type { SequencedEvent } from './bus.ts';

/**
 * The per-user event log: every change a user must learn, numbered 1, 2, 3, … per user. Written in the
 * same transaction as the change it describes, so an event exists if and only if its change does.
 */
export async function appendEvent(
  trx: Transaction<Database>,
  userId: string,
  event: UserEvent,
  now: number,
): Promise<SequencedEvent> {
  const row = await trx
    .updateTable('users')
    .set({ event_seq: sql`event_seq + 1` })
    .where('id', '=', userId)
    .returning('event_seq')
    .executeTakeFirstOrThrow();
  const seq = Number(row.event_seq);
  const payload = JSON.stringify(event);
  await trx.insertInto('events').values({ user_id: userId, seq, payload, created_at: now }).execute();
  return { userId, seq, event, payload };
}

export async function latestSeq(db: Db, userId: string): Promise<number> {
  const row = await db.selectFrom('users').select('event_seq').where('id', '=', userId).executeTakeFirst();
  return row ? Number(row.event_seq) : 0;
}

/** The oldest seq still kept for this user, or null when none is kept. */
export async function oldestKeptSeq(db: Db, userId: string): Promise<number | null> {
  const row = await db
    .selectFrom('events')
    .select((eb) => eb.fn.min('seq').as('min'))
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.min === null || row?.min === undefined ? null : Number(row.min);
}

export async function readEventsAfter(
  db: Db,
  userId: string,
  afterSeq: number,
  limit: number,
): Promise<SequencedEvent[]> {
  const rows = await db
    .selectFrom('events')
    .select(['seq', 'payload'])
    .where('user_id', '=', userId)
    .where('seq', '>', afterSeq)
    .orderBy('seq', 'asc')
    .limit(limit)
    .execute();
  // Parsed to check the stored row; the stored text is what gets sent, as it was when the event was live.
  return rows.map((row) => ({
    userId,
    seq: Number(row.seq),
    event: userEventSchema.parse(JSON.parse(row.payload)),
    payload: row.payload,
  }));
}

/** Applies a (possibly lowered) retention to every user's log at once; run at start-up. */
export async function pruneAllEvents(db: Db, keep: number): Promise<void> {
  await db
    .deleteFrom('events')
    .where('seq', '<=', (eb) =>
      eb
        .selectFrom('users')
        .select(sql<number>`users.event_seq - ${keep}`.as('cutoff'))
        .whereRef('users.id', '=', 'events.user_id'),
    )
    .execute();
}
