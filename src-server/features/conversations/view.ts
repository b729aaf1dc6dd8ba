import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Conversation, Message, UserSummary } from '../../../src-shared/domain.ts';
import type { ConversationsTable, Database, MessagesTable, ParticipantsTable } from '../../store/schema.ts';
import { receiptVisibility } from '../consent/receipt-visibility.ts';
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
 *
 * What the viewer may not see is left out: messages withheld from them (their author is blocked), the
 * watermarks of people who blocked them (see ReceiptVisibility), and anyone's receipts in a message
 * request that is still pending.
 */
export async function buildConversationViews(
  db: Kysely<Database>,
  viewerId: string,
  conversations: readonly ConversationsTable[],
): Promise<Conversation[]> {
  if (conversations.length === 0) return [];
  const ids = conversations.map((c) => c.id);
  const participantRows: ParticipantsTable[] = [];
  const invitationRows: { conversation_id: string; user_id: string }[] = [];
  // Chunked to stay under SQLite's bound-parameter limit for very long lists.
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    participantRows.push(
      ...(await db.selectFrom('participants').selectAll().where('conversation_id', 'in', chunk).execute()),
    );
    invitationRows.push(
      ...(await db
        .selectFrom('invitations')
        .select(['conversation_id', 'user_id'])
        .where('conversation_id', 'in', chunk)
        .where('state', '=', 'pending')
        .execute()),
    );
  }
  const lastMessages = await loadLastMessages(db, viewerId, conversations);
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
      .where(visibleTo(viewerId))
      .whereRef('messages.seq', '>', 'participants.last_read_seq')
      .groupBy('messages.conversation_id')
      .execute();
    for (const row of rows) unread.set(row.id, Number(row.n));
  }
  const receipts = await receiptVisibility(db, viewerId, ids);
  const users = await loadUserSummaries(db, [
    ...participantRows.map((p) => p.user_id),
    ...invitationRows.map((r) => r.user_id),
  ]);

  const byConversation = Map.groupBy(participantRows, (row) => row.conversation_id);
  const invitedTo = Map.groupBy(invitationRows, (row) => row.conversation_id);
  const summaries = (userIds: readonly string[]) =>
    userIds
      .map((id) => users.get(id))
      .filter((u): u is UserSummary => u !== undefined)
      .sort((a, b) => a.displayName.localeCompare(b.displayName));

  return conversations.map((c) => {
    const rows = byConversation.get(c.id) ?? [];
    const mine = rows.find((r) => r.user_id === viewerId);
    const pendingRequest = c.kind === 'direct' && c.status === 'pending';
    const watermarks = pendingRequest
      ? { read: 0, delivered: 0 }
      : othersWatermarks(
          rows.map((r) => {
            const seen = receipts.of(c.id, r.user_id, {
              read: Number(r.last_read_seq),
              delivered: Number(r.delivered_seq),
            });
            return { user_id: r.user_id, last_read_seq: seen.read, delivered_seq: seen.delivered };
          }),
          viewerId,
        );
    const view: Conversation = {
      id: c.id,
      kind: c.kind,
      title: c.title,
      participants: summaries(rows.map((r) => r.user_id)),
      status: c.status,
      requesterId: c.requester_id,
      teamId: c.team_id,
      disabledReason: c.kind === 'team' && rows.length < 2 ? TEAM_DISABLED_REASON : null,
      lastMessage: lastMessages.get(c.id) ?? null,
      lastActivityAt: Number(c.last_activity_at),
      lastSeq: Number(c.last_seq),
      unreadCount: unread.get(c.id) ?? 0,
      lastReadSeq: Number(mine?.last_read_seq ?? 0),
      markedUnread: Number(mine?.marked_unread ?? 0) === 1,
      othersReadSeq: watermarks.read,
      othersDeliveredSeq: watermarks.delivered,
      createdAt: Number(c.created_at),
    };
    if (c.kind !== 'direct') view.invited = summaries((invitedTo.get(c.id) ?? []).map((r) => r.user_id));
    return view;
  });
}

/** Messages the viewer may see: all but those withheld from them (their author is someone they blocked). */
export function visibleTo(viewerId: string) {
  return (eb: ExpressionBuilder<Database, 'messages'>) =>
    eb.or([eb('messages.withheld_from', 'is', null), eb('messages.withheld_from', '<>', viewerId)]);
}

/** Each conversation's latest message the viewer may see. */
async function loadLastMessages(
  db: Kysely<Database>,
  viewerId: string,
  conversations: readonly ConversationsTable[],
): Promise<Map<string, Message>> {
  const lastMessageIds = conversations
    .map((c) => c.last_message_id)
    .filter((id): id is string => id !== null);
  const byConversation = new Map<string, Message>();
  const withheld: string[] = [];
  for (let i = 0; i < lastMessageIds.length; i += 500) {
    const rows = await db
      .selectFrom('messages')
      .selectAll()
      .where('id', 'in', lastMessageIds.slice(i, i + 500))
      .execute();
    for (const row of rows) {
      if (row.withheld_from === viewerId) withheld.push(row.conversation_id);
      else byConversation.set(row.conversation_id, toMessage(row));
    }
  }
  // Rare: the newest message is one withheld from the viewer; show the newest one they may see.
  for (const conversationId of withheld) {
    const row = await db
      .selectFrom('messages')
      .selectAll()
      .where('conversation_id', '=', conversationId)
      .where(visibleTo(viewerId))
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (row) byConversation.set(conversationId, toMessage(row));
  }
  return byConversation;
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
