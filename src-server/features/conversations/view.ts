import type { Kysely } from 'kysely';
import type { Conversation, Message, UserSummary } from '../../../src-shared/domain.ts';
import type { ConversationsTable, Database, MessagesTable, ParticipantsTable } from '../../store/schema.ts';
import { loadUserSummaries } from '../people/user-view.ts';

export const TEAM_DISABLED_REASON = 'This team chat is disabled until the team has at least 2 members.';

export function toMessage(row: MessagesTable): Message {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    seq: Number(row.seq),
    authorId: row.author_id,
    clientId: row.client_id,
    body: row.body,
    createdAt: Number(row.created_at),
  };
}

interface ReceiptRow {
  user_id: string;
  last_read_seq: number;
  delivered_seq: number;
}

/** The lowest watermark among everyone but `viewerId`: how far *all* others have read / received. */
export function othersWatermarks(
  rows: readonly ReceiptRow[],
  viewerId: string,
): { read: number; delivered: number } {
  let read = Number.POSITIVE_INFINITY;
  let delivered = Number.POSITIVE_INFINITY;
  for (const row of rows) {
    if (row.user_id === viewerId) continue;
    read = Math.min(read, Number(row.last_read_seq));
    delivered = Math.min(delivered, Number(row.delivered_seq));
  }
  return { read: Number.isFinite(read) ? read : 0, delivered: Number.isFinite(delivered) ? delivered : 0 };
}

/**
 * Builds conversation summaries as particular viewers see them, in a fixed number of queries however many
 * conversations there are (the list of a user with thousands of chats stays a handful of round trips).
 */
export async function buildConversationViews(
  db: Kysely<Database>,
  viewerId: string,
  conversations: readonly ConversationsTable[],
): Promise<Conversation[]> {
  if (conversations.length === 0) return [];
  const ids = conversations.map((c) => c.id);
  const participantRows: ParticipantsTable[] = [];
  // Chunked to stay under SQLite's bound-parameter limit for very long lists.
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    participantRows.push(
      ...(await db.selectFrom('participants').selectAll().where('conversation_id', 'in', chunk).execute()),
    );
  }
  const lastMessageIds = conversations
    .map((c) => c.last_message_id)
    .filter((id): id is string => id !== null);
  const lastMessages = new Map<string, Message>();
  for (let i = 0; i < lastMessageIds.length; i += 500) {
    const rows = await db
      .selectFrom('messages')
      .selectAll()
      .where('id', 'in', lastMessageIds.slice(i, i + 500))
      .execute();
    for (const row of rows) lastMessages.set(row.id, toMessage(row));
  }
  const unread = new Map<string, number>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('messages')
      .innerJoin('participants', (join) =>
        join
          .onRef('participants.conversation_id', '=', 'messages.conversation_id')
          .on('participants.user_id', '=', viewerId),
      )
      .select(['messages.conversation_id as id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('messages.conversation_id', 'in', ids.slice(i, i + 500))
      .where('messages.author_id', '<>', viewerId)
      .whereRef('messages.seq', '>', 'participants.last_read_seq')
      .groupBy('messages.conversation_id')
      .execute();
    for (const row of rows) unread.set(row.id, Number(row.n));
  }
  const users = await loadUserSummaries(
    db,
    participantRows.map((p) => p.user_id),
  );

  const byConversation = new Map<string, ParticipantsTable[]>();
  for (const row of participantRows) {
    let list = byConversation.get(row.conversation_id);
    if (!list) byConversation.set(row.conversation_id, (list = []));
    list.push(row);
  }

  return conversations.map((c) => {
    const rows = byConversation.get(c.id) ?? [];
    const mine = rows.find((r) => r.user_id === viewerId);
    const watermarks = othersWatermarks(rows, viewerId);
    const participants = rows
      .map((r) => users.get(r.user_id))
      .filter((u): u is UserSummary => u !== undefined)
      .sort((a, b) => a.displayName.localeCompare(b.displayName));
    return {
      id: c.id,
      kind: c.kind,
      title: c.title,
      participants,
      status: c.status,
      requesterId: c.requester_id,
      teamId: c.team_id,
      disabledReason: c.kind === 'team' && rows.length < 2 ? TEAM_DISABLED_REASON : null,
      lastMessage: c.last_message_id ? (lastMessages.get(c.last_message_id) ?? null) : null,
      lastActivityAt: Number(c.last_activity_at),
      lastSeq: Number(c.last_seq),
      unreadCount: unread.get(c.id) ?? 0,
      lastReadSeq: Number(mine?.last_read_seq ?? 0),
      markedUnread: Number(mine?.marked_unread ?? 0) === 1,
      othersReadSeq: watermarks.read,
      othersDeliveredSeq: watermarks.delivered,
      createdAt: Number(c.created_at),
    };
  });
}

export async function buildConversationView(
  db: Kysely<Database>,
  viewerId: string,
  conversation: ConversationsTable,
): Promise<Conversation> {
  const [view] = await buildConversationViews(db, viewerId, [conversation]);
  if (!view) throw new Error('unreachable: one conversation in, one view out');
  return view;
}
