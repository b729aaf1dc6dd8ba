import { sql } from 'kysely';
import type { Work } from '../../events/unit-of-work.ts';
import { first, prepared, preparedHeld } from '../../store/prepared.ts';

/** A type, not an interface: store/prepared.ts takes its arguments as a record. */
export type NewMessage = {
  id: string;
  conversationId: string;
  authorId: string;
  clientId: string;
  body: string;
  createdAt: number;
  /** The other person of a direct conversation who blocked the author, who is not shown it. */
  withheldFrom: string | null;
};

/**
 * SQLite: the row, at the seq after the conversation's latest as the transaction sees it. A resend is
 * refused here by the unique index on (author, client id) before the unit has written anything, so the
 * group commit has nothing to undo and needs no savepoint for it (events/unit-of-work.ts); a seq taken
 * twice would be refused by the unique index on (conversation, seq).
 */
const insertAtSeq = prepared((db, a: NewMessage & { seq: number }) =>
  db.insertInto('messages').values({
    id: a.id,
    conversation_id: a.conversationId,
    seq: a.seq,
    author_id: a.authorId,
    client_id: a.clientId,
    body: a.body,
    created_at: a.createdAt,
    withheld_from: a.withheldFrom,
  }),
);
/**
 * Then the conversation takes that seq and makes this its latest message: held until a statement could
 * see it (store/deferred-writes.ts), so a conversation's sends in one group commit write its row once.
 */
const setLatest = preparedHeld(
  (db, a: { seq: number; messageId: string; now: number; conversationId: string }) =>
    db
      .updateTable('conversations')
      .set({ last_seq: a.seq, last_message_id: a.messageId, last_activity_at: a.now })
      .where('id', '=', a.conversationId),
);
/**
 * PostgreSQL: both in one statement. Each statement is a round trip to the database, and on
 * the send path those round trips were most of a send's cost (docs/deploy.md); this one also holds the
 * conversation's row lock, which the conversation's next send waits for, until COMMIT.
 */
const insertWithNextSeq = prepared((db, a: NewMessage) => ({
  compile: () =>
    sql<{ seq: number }>`
      with taken as (
        update conversations
        set last_seq = last_seq + 1, last_message_id = ${a.id}::text, last_activity_at = ${a.createdAt}::bigint
        where id = ${a.conversationId}::text
        returning last_seq
      )
      insert into messages (id, conversation_id, seq, author_id, client_id, body, created_at, withheld_from)
      select ${a.id}::text, ${a.conversationId}::text, taken.last_seq, ${a.authorId}::text, ${a.clientId}::text,
        ${a.body}::text, ${a.createdAt}::bigint, ${a.withheldFrom}::text
      from taken
      returning seq`.compile(db),
}));

/**
 * Stores a new message as its conversation's next seq and makes it the conversation's latest; returns the
 * seq. `lastSeq` is the conversation's latest seq as this transaction sees it (SQLite: from the read memo
 * or a read, which runs the held writes first). The conversation's row stays locked until COMMIT, so its
 * messages take their seqs one at a time, in commit order. Fails on the unique index of (author, client
 * id) for a resend.
 */
export async function storeMessage(w: Work, message: NewMessage, lastSeq: number): Promise<number> {
  if (w.dialect === 'postgres') {
    const row = await first(insertWithNextSeq(w.trx, message));
    if (!row) throw new Error(`send: no conversation ${message.conversationId}`);
    return Number(row.seq);
  }
  const seq = lastSeq + 1;
  await insertAtSeq(w.trx, { ...message, seq });
  await setLatest(w.trx, {
    seq,
    messageId: message.id,
    now: message.createdAt,
    conversationId: message.conversationId,
  });
  return seq;
}
