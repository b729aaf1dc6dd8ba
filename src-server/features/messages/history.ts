import type { Kysely } from 'kysely';
import type { Message } from '../../../src-shared/domain.ts';
import type { Database } from '../../store/schema.ts';
import { toMessage, visibleTo } from '../conversations/view.ts';

/**
 * A page of history as `viewerId` may see it (no message withheld from them): read newest first (the index
 * runs that way), returned oldest first for display.
 */
export async function loadHistory(
  db: Kysely<Database>,
  conversationId: string,
  viewerId: string,
  beforeSeq: number | undefined,
  limit: number,
): Promise<{ messages: Message[]; hasMore: boolean }> {
  let query = db
    .selectFrom('messages')
    .selectAll()
    .where('conversation_id', '=', conversationId)
    .where(visibleTo(viewerId));
  if (beforeSeq !== undefined) query = query.where('seq', '<', beforeSeq);
  const rows = await query
    .orderBy('seq', 'desc')
    .limit(limit + 1)
    .execute();
  const hasMore = rows.length > limit;
  return { messages: rows.slice(0, limit).reverse().map(toMessage), hasMore };
}
