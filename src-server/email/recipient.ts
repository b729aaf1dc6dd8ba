import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import { wantsChannel } from '../features/notifications/prefs-store.ts';

/** What decides whether a recipient gets a message email, read fresh each time it is asked. */
export interface EmailRecipient {
  email: string;
  displayName: string;
  lastReadSeq: number;
  isRequest: boolean;
}

/**
 * The recipient, if this conversation's messages may be emailed to them now: a direct conversation they
 * take part in and that was not declined, an address on file, and the email switch for direct messages on.
 */
export async function loadEmailRecipient(
  db: Kysely<Database>,
  userId: string,
  conversationId: string,
): Promise<EmailRecipient | null> {
  const row = await db
    .selectFrom('participants')
    .innerJoin('conversations', 'conversations.id', 'participants.conversation_id')
    .innerJoin('users', 'users.id', 'participants.user_id')
    .select([
      'users.email as email',
      'users.display_name as displayName',
      'participants.last_read_seq as lastReadSeq',
      'conversations.kind as kind',
      'conversations.status as status',
    ])
    .where('participants.conversation_id', '=', conversationId)
    .where('participants.user_id', '=', userId)
    .executeTakeFirst();
  if (!row?.email || row.kind !== 'direct' || row.status === 'declined') return null;
  if (!(await wantsChannel(db, userId, 'direct_messages', 'email'))) return null;
  return {
    email: row.email,
    displayName: row.displayName,
    lastReadSeq: Number(row.lastReadSeq),
    isRequest: row.status === 'pending',
  };
}
