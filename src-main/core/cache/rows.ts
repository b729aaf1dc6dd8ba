import type { Conversation, Message, UserSummary } from '../../../src-shared/domain.ts';

/**
 * Row shapes and their mapping to domain objects. Rows are written only by the core from data already
 * parsed with the protocol's zod schemas, and the tables are STRICT with CHECK constraints, so reading them
 * back maps columns without parsing again (that would cost more than the query on a list of 5,000).
 */
export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: UserSummary['role'];
  producer_page_id: string | null;
  producer_name: string | null;
}

export interface ConversationRow {
  id: string;
  kind: Conversation['kind'];
  title: string | null;
  status: Conversation['status'];
  requester_id: string | null;
  team_id: string | null;
  disabled_reason: string | null;
  last_activity_at: number;
  last_seq: number;
  created_at: number;
  hidden: number;
  lm_id: string | null;
  lm_seq: number | null;
  lm_author_id: string | null;
  lm_client_id: string | null;
  lm_body: string | null;
  lm_created_at: number | null;
  last_read_seq: number | null;
  marked_unread: number | null;
  unread_count: number | null;
  others_read_seq: number | null;
  others_delivered_seq: number | null;
  draft: string | null;
  failed_messages: number;
}

export interface MessageRow {
  sort_key: number;
  id: string;
  conversation_id: string;
  seq: number;
  author_id: string;
  client_id: string;
  body: string;
  created_at: number;
}

export function userFromRow(row: UserRow): UserSummary {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    producerPageId: row.producer_page_id,
    producerName: row.producer_name,
  };
}

export function messageFromRow(row: MessageRow): Message {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    seq: row.seq,
    authorId: row.author_id,
    clientId: row.client_id,
    body: row.body,
    createdAt: row.created_at,
  };
}

function lastMessageOf(row: ConversationRow): Message | null {
  if (row.lm_id === null || row.lm_seq === null || row.lm_author_id === null || row.lm_created_at === null)
    return null;
  return {
    id: row.lm_id,
    conversationId: row.id,
    seq: row.lm_seq,
    authorId: row.lm_author_id,
    clientId: row.lm_client_id ?? '',
    body: row.lm_body ?? '',
    createdAt: row.lm_created_at,
  };
}

/** Who is in a conversation, and who is invited and has not answered (members' view; may be empty). */
export interface ConversationPeople {
  participants: UserSummary[];
  invited: UserSummary[];
}

export function conversationFromRow(row: ConversationRow, people: ConversationPeople): Conversation {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    participants: people.participants,
    ...(people.invited.length > 0 ? { invited: people.invited } : {}),
    status: row.status,
    requesterId: row.requester_id,
    teamId: row.team_id,
    disabledReason: row.disabled_reason,
    lastMessage: lastMessageOf(row),
    lastActivityAt: row.last_activity_at,
    lastSeq: row.last_seq,
    unreadCount: row.unread_count ?? 0,
    lastReadSeq: row.last_read_seq ?? 0,
    markedUnread: row.marked_unread === 1,
    othersReadSeq: row.others_read_seq ?? 0,
    othersDeliveredSeq: row.others_delivered_seq ?? 0,
    createdAt: row.created_at,
  };
}
