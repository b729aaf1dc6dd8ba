import type { Work } from '../../events/unit-of-work.ts';
import type { ConversationsTable } from '../../store/schema.ts';
import { buildConversationView } from './view.ts';

/** Tells each of `userIds` the conversation's new summary, as that person sees it. */
export async function announce(
  w: Work,
  conversation: ConversationsTable,
  userIds: readonly string[],
): Promise<void> {
  for (const userId of userIds) {
    await w.emit(userId, {
      type: 'conversation.updated',
      conversation: await buildConversationView(w.trx, userId, conversation),
    });
  }
}

/** Tells every current participant the conversation's new summary (e.g. who is in it, who is invited). */
export async function announceToParticipants(w: Work, conversation: ConversationsTable): Promise<void> {
  const members = await w.trx
    .selectFrom('participants')
    .select('user_id')
    .where('conversation_id', '=', conversation.id)
    .execute();
  await announce(
    w,
    conversation,
    members.map((m) => m.user_id),
  );
}

/** Changes a conversation's request status (accepted, declined, reopened). */
export async function setStatus(
  w: Work,
  conversation: ConversationsTable,
  status: ConversationsTable['status'],
): Promise<ConversationsTable> {
  await w.trx.updateTable('conversations').set({ status }).where('id', '=', conversation.id).execute();
  return { ...conversation, status };
}
