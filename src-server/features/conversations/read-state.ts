import { sql } from 'kysely';
import type { Work } from '../../events/unit-of-work.ts';
import type { ConversationsTable, ParticipantsTable } from '../../store/schema.ts';
import { advanceWatermarks } from './receipts.ts';
import { visibleTo } from './view.ts';

/** Advances the read watermark (clearing "marked unread") and tells the reader's sessions and the others. */
export async function markRead(
  w: Work,
  userId: string,
  conversation: ConversationsTable,
  participants: readonly ParticipantsTable[],
  upToSeq: number,
  clearMarkedUnread: boolean,
): Promise<void> {
  const me = participants.find((p) => p.user_id === userId);
  const wasMarked = Number(me?.marked_unread ?? 0) === 1;
  const { changed } = await advanceWatermarks(w, conversation, participants, userId, { read: upToSeq });
  if (clearMarkedUnread && wasMarked) {
    await w.trx
      .updateTable('participants')
      .set({ marked_unread: 0 })
      .where('conversation_id', '=', conversation.id)
      .where('user_id', '=', userId)
      .execute();
  }
  if (changed || (clearMarkedUnread && wasMarked)) await emitReadState(w, userId, conversation.id);
}

export async function emitReadState(w: Work, userId: string, conversationId: string): Promise<void> {
  const row = await w.trx
    .selectFrom('participants')
    .select(['last_read_seq', 'marked_unread'])
    .where('conversation_id', '=', conversationId)
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  const unread = await w.trx
    .selectFrom('messages')
    .select(sql<number>`count(*)`.as('n'))
    .where('conversation_id', '=', conversationId)
    .where('author_id', '<>', userId)
    .where(visibleTo(userId))
    .where('seq', '>', Number(row.last_read_seq))
    .executeTakeFirstOrThrow();
  await w.emit(userId, {
    type: 'readstate.updated',
    conversationId,
    lastReadSeq: Number(row.last_read_seq),
    markedUnread: Number(row.marked_unread) === 1,
    unreadCount: Number(unread.n),
  });
}
