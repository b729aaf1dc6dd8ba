import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { appNotificationDataSchema } from '../../../src-shared/domain.ts';
import type { Work } from '../../events/unit-of-work.ts';
import type { Database } from '../../store/schema.ts';

export async function unreadCount(db: Kysely<Database>, userId: string): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select(sql<number>`count(*)`.as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Marks the user's unread "message request" notifications about this conversation read: once a request or
 * invitation is answered, the bell has nothing left to say about it. Tells the user's sessions.
 */
export async function markRequestNotificationsRead(
  w: Work,
  userId: string,
  conversationId: string,
): Promise<void> {
  const rows = await w.trx
    .selectFrom('notifications')
    .select(['id', 'data'])
    .where('user_id', '=', userId)
    .where('kind', '=', 'message_request')
    .where('read_at', 'is', null)
    .execute();
  const ids = rows
    .filter((row) => {
      const data = appNotificationDataSchema.safeParse(JSON.parse(row.data));
      return (
        data.success && data.data.kind === 'message_request' && data.data.conversationId === conversationId
      );
    })
    .map((row) => row.id);
  if (ids.length === 0) return;
  await w.trx.updateTable('notifications').set({ read_at: w.now }).where('id', 'in', ids).execute();
  await w.emit(userId, { type: 'notifications.read', unreadCount: await unreadCount(w.trx, userId) });
}
