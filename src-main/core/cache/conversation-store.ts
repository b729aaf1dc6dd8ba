import type { Database, Statement } from 'better-sqlite3';
import type { Conversation, Message, UserSummary } from '../../../src-shared/domain.ts';
import { conversationFromRow, userFromRow } from './rows.ts';
import type { ConversationPeople, ConversationRow, UserRow } from './rows.ts';
import type { BadgeConversation } from '../policy/badge.ts';

export interface StoredConversation {
  conversation: Conversation;
  hidden: boolean;
  draft: string | null;
  /** The viewer's messages here shown as failed (outbox rows failed, or overdue: with a failure). */
  failedMessages: number;
}

interface BadgeRow {
  id: string;
  status: Conversation['status'];
  requester_id: string | null;
  unread_count: number;
  marked_unread: number;
}

export interface ReadStatePatch {
  lastReadSeq: number;
  markedUnread: boolean;
  unreadCount: number;
}

/** The conversation row with its read state, draft and failed-send count (exported for the query-plan test). */
export const SELECT_CONVERSATION = `
  SELECT c.*, r.last_read_seq, r.marked_unread, r.unread_count, r.others_read_seq, r.others_delivered_seq,
         d.body AS draft,
         -- The condition is outbox_failed_by_conversation's, word for word, so SQLite uses that index.
         (SELECT count(*) FROM outbox o WHERE o.conversation_id = c.id
            AND (o.state = 'failed' OR o.failure_code IS NOT NULL)) AS failed_messages
  FROM conversations c
  LEFT JOIN read_state r ON r.conversation_id = c.id
  LEFT JOIN drafts d ON d.conversation_id = c.id`;

/** Conversations, their participants (and those users), and the viewer's read state. */
export class ConversationStore {
  readonly #db: Database;
  readonly #upsertUser: Statement;
  readonly #upsertConversation: Statement;
  readonly #deleteParticipants: Statement;
  readonly #insertParticipant: Statement;
  readonly #upsertReadState: Statement;
  readonly #readStateOnly: Statement;
  readonly #receipts: Statement;
  readonly #selectOne: Statement<[string], ConversationRow>;
  readonly #selectVisible: Statement<[], ConversationRow>;
  readonly #firstVisible: Statement<[number], ConversationRow>;
  readonly #visibleAfter: Statement<[{ at: number; rowid: number; limit: number }], ConversationRow>;
  readonly #cursorOf: Statement<[string], { at: number; rowid: number; hidden: number }>;
  readonly #participantsIn: Statement<[string], UserRow & { conversation_id: string; invited: number }>;
  readonly #participantsOf: Statement<[string], UserRow & { invited: number }>;
  readonly #allParticipants: Statement<[], UserRow & { conversation_id: string; invited: number }>;
  readonly #lastSeqOf: Statement<[string], { last_seq: number }>;
  readonly #noteMessage: Statement;
  readonly #bumpUnread: Statement;
  readonly #lastReadSeqOf: Statement<[string], { last_read_seq: number | null }>;
  readonly #setHidden: Statement;
  readonly #delete: Statement;
  readonly #user: Statement<[string], UserRow>;
  readonly #badgeRows: Statement<[], BadgeRow>;
  readonly #watermarks: Statement<[string], { others_read_seq: number; others_delivered_seq: number }>;

  constructor(db: Database) {
    this.#db = db;
    this.#upsertUser = db.prepare(`
      INSERT INTO users (id, username, display_name, role, producer_page_id, producer_name)
      VALUES (@id, @username, @displayName, @role, @producerPageId, @producerName)
      ON CONFLICT (id) DO UPDATE SET username = excluded.username, display_name = excluded.display_name,
        role = excluded.role, producer_page_id = excluded.producer_page_id, producer_name = excluded.producer_name`);
    this.#upsertConversation = db.prepare(`
      INSERT INTO conversations (id, kind, title, status, requester_id, team_id, disabled_reason, last_activity_at,
        last_seq, created_at, hidden, lm_id, lm_seq, lm_author_id, lm_client_id, lm_body, lm_created_at)
      VALUES (@id, @kind, @title, @status, @requesterId, @teamId, @disabledReason, @lastActivityAt, @lastSeq,
        @createdAt, 0, @lmId, @lmSeq, @lmAuthorId, @lmClientId, @lmBody, @lmCreatedAt)
      ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, title = excluded.title, status = excluded.status,
        requester_id = excluded.requester_id, team_id = excluded.team_id, disabled_reason = excluded.disabled_reason,
        hidden = 0,
        last_activity_at = max(last_activity_at, excluded.last_activity_at),
        lm_id = CASE WHEN excluded.last_seq >= last_seq THEN excluded.lm_id ELSE lm_id END,
        lm_seq = CASE WHEN excluded.last_seq >= last_seq THEN excluded.lm_seq ELSE lm_seq END,
        lm_author_id = CASE WHEN excluded.last_seq >= last_seq THEN excluded.lm_author_id ELSE lm_author_id END,
        lm_client_id = CASE WHEN excluded.last_seq >= last_seq THEN excluded.lm_client_id ELSE lm_client_id END,
        lm_body = CASE WHEN excluded.last_seq >= last_seq THEN excluded.lm_body ELSE lm_body END,
        lm_created_at = CASE WHEN excluded.last_seq >= last_seq THEN excluded.lm_created_at ELSE lm_created_at END,
        last_seq = max(last_seq, excluded.last_seq)`);
    this.#deleteParticipants = db.prepare('DELETE FROM participants WHERE conversation_id = ?');
    this.#insertParticipant = db.prepare(
      'INSERT OR REPLACE INTO participants (conversation_id, user_id, position, invited) VALUES (?, ?, ?, ?)',
    );
    // Receipt watermarks only move forward, so a message's send state never goes back.
    this.#upsertReadState = db.prepare(`
      INSERT INTO read_state (conversation_id, last_read_seq, marked_unread, unread_count, others_read_seq,
        others_delivered_seq)
      VALUES (@id, @lastReadSeq, @markedUnread, @unreadCount, @othersReadSeq, @othersDeliveredSeq)
      ON CONFLICT (conversation_id) DO UPDATE SET last_read_seq = excluded.last_read_seq,
        marked_unread = excluded.marked_unread, unread_count = excluded.unread_count,
        others_read_seq = max(others_read_seq, excluded.others_read_seq),
        others_delivered_seq = max(others_delivered_seq, excluded.others_delivered_seq)`);
    this.#readStateOnly = db.prepare(`
      INSERT INTO read_state (conversation_id, last_read_seq, marked_unread, unread_count)
      VALUES (@id, @lastReadSeq, @markedUnread, @unreadCount)
      ON CONFLICT (conversation_id) DO UPDATE SET last_read_seq = excluded.last_read_seq,
        marked_unread = excluded.marked_unread, unread_count = excluded.unread_count`);
    this.#receipts = db.prepare(`
      INSERT INTO read_state (conversation_id, others_read_seq, others_delivered_seq) VALUES (@id, @read, @delivered)
      ON CONFLICT (conversation_id) DO UPDATE SET others_read_seq = max(others_read_seq, excluded.others_read_seq),
        others_delivered_seq = max(others_delivered_seq, excluded.others_delivered_seq)`);
    this.#selectOne = db.prepare(`${SELECT_CONVERSATION} WHERE c.id = ?`);
    // List order: latest activity first, ties in rowid order, which is the order of the index on
    // (hidden, last_activity_at DESC): a page walks the index from its cursor and sorts nothing.
    this.#selectVisible = db.prepare(`${SELECT_CONVERSATION} WHERE c.hidden = 0 ${LIST_ORDER}`);
    this.#firstVisible = db.prepare(`${SELECT_CONVERSATION} WHERE c.hidden = 0 ${LIST_ORDER} LIMIT ?`);
    this.#visibleAfter = db.prepare(`${SELECT_CONVERSATION}
      WHERE c.hidden = 0 AND c.last_activity_at <= @at AND (c.last_activity_at < @at OR c.rowid > @rowid)
      ${LIST_ORDER} LIMIT @limit`);
    this.#cursorOf = db.prepare(
      'SELECT last_activity_at AS at, rowid, hidden FROM conversations WHERE id = ?',
    );
    this.#participantsOf = db.prepare(`
      SELECT u.*, p.invited FROM participants p JOIN users u ON u.id = p.user_id WHERE p.conversation_id = ?
      ORDER BY p.position`);
    this.#allParticipants = db.prepare(`
      SELECT p.conversation_id, p.invited, u.* FROM participants p JOIN users u ON u.id = p.user_id
      ORDER BY p.position`);
    this.#participantsIn = db.prepare(`
      SELECT p.conversation_id, p.invited, u.* FROM participants p JOIN users u ON u.id = p.user_id
      WHERE p.conversation_id IN (SELECT value FROM json_each(?))
      ORDER BY p.position`);
    this.#lastSeqOf = db.prepare('SELECT last_seq FROM conversations WHERE id = ?');
    this.#noteMessage = db.prepare(`
      UPDATE conversations SET hidden = 0, last_seq = @seq, last_activity_at = max(last_activity_at, @createdAt),
        lm_id = @id, lm_seq = @seq, lm_author_id = @authorId, lm_client_id = @clientId, lm_body = @body,
        lm_created_at = @createdAt
      WHERE id = @conversationId AND last_seq < @seq`);
    this.#bumpUnread = db.prepare(`
      INSERT INTO read_state (conversation_id, unread_count) VALUES (?, 1)
      ON CONFLICT (conversation_id) DO UPDATE SET unread_count = unread_count + 1`);
    this.#lastReadSeqOf = db.prepare('SELECT last_read_seq FROM read_state WHERE conversation_id = ?');
    this.#setHidden = db.prepare('UPDATE conversations SET hidden = ? WHERE id = ?');
    this.#delete = db.prepare('DELETE FROM conversations WHERE id = ?');
    this.#user = db.prepare('SELECT * FROM users WHERE id = ?');
    this.#badgeRows = db.prepare(`
      SELECT c.id, c.status, c.requester_id, coalesce(r.unread_count, 0) AS unread_count,
             coalesce(r.marked_unread, 0) AS marked_unread
      FROM conversations c LEFT JOIN read_state r ON r.conversation_id = c.id WHERE c.hidden = 0`);
    this.#watermarks = db.prepare(
      'SELECT others_read_seq, others_delivered_seq FROM read_state WHERE conversation_id = ?',
    );
  }

  /** Just what the badge count needs, for every visible conversation. */
  badgeRows(): BadgeConversation[] {
    return this.#badgeRows.all().map((row) => ({
      id: row.id,
      status: row.status,
      requesterId: row.requester_id,
      unreadCount: row.unread_count,
      markedUnread: row.marked_unread === 1,
    }));
  }

  /** The receipt watermarks of a conversation (what decides delivered / seen). */
  watermarks(id: string): { othersReadSeq: number; othersDeliveredSeq: number } | null {
    const row = this.#watermarks.get(id);
    return row ? { othersReadSeq: row.others_read_seq, othersDeliveredSeq: row.others_delivered_seq } : null;
  }

  upsertUser(user: UserSummary): void {
    this.#upsertUser.run(user);
  }

  user(id: string): UserSummary | null {
    const row = this.#user.get(id);
    return row ? userFromRow(row) : null;
  }

  /** Stores a server snapshot of a conversation (and un-hides it). Run inside a transaction. */
  upsert(conversation: Conversation): void {
    const lm = conversation.lastMessage;
    this.#upsertConversation.run({
      id: conversation.id,
      kind: conversation.kind,
      title: conversation.title,
      status: conversation.status,
      requesterId: conversation.requesterId,
      teamId: conversation.teamId,
      disabledReason: conversation.disabledReason,
      lastActivityAt: conversation.lastActivityAt,
      lastSeq: conversation.lastSeq,
      createdAt: conversation.createdAt,
      lmId: lm?.id ?? null,
      lmSeq: lm?.seq ?? null,
      lmAuthorId: lm?.authorId ?? null,
      lmClientId: lm?.clientId ?? null,
      lmBody: lm?.body ?? null,
      lmCreatedAt: lm?.createdAt ?? null,
    });
    this.#deleteParticipants.run(conversation.id);
    conversation.participants.forEach((user, position) => {
      this.#upsertUser.run(user);
      this.#insertParticipant.run(conversation.id, user.id, position, 0);
    });
    const first = conversation.participants.length;
    (conversation.invited ?? []).forEach((user, i) => {
      this.#upsertUser.run(user);
      this.#insertParticipant.run(conversation.id, user.id, first + i, 1);
    });
    this.#upsertReadState.run({
      id: conversation.id,
      lastReadSeq: conversation.lastReadSeq,
      markedUnread: conversation.markedUnread ? 1 : 0,
      unreadCount: conversation.unreadCount,
      othersReadSeq: conversation.othersReadSeq,
      othersDeliveredSeq: conversation.othersDeliveredSeq,
    });
  }

  get(id: string): StoredConversation | null {
    const row = this.#selectOne.get(id);
    if (!row) return null;
    return {
      conversation: conversationFromRow(row, peopleOf(this.#participantsOf.all(id))),
      hidden: row.hidden === 1,
      draft: row.draft,
      failedMessages: row.failed_messages,
    };
  }

  has(id: string): boolean {
    return this.#lastSeqOf.get(id) !== undefined;
  }

  /** Visible conversations, latest activity first. */
  listVisible(): StoredConversation[] {
    return storedRows(this.#selectVisible.all(), this.#allParticipants.iterate());
  }

  /**
   * Up to `limit` visible conversations in list order after the conversation `after` (from the top when
   * it is absent, hidden or gone), and whether more follow. Reads only that page and its participants:
   * the first screenful of a 5,000-conversation list must not wait for the other 4,940.
   */
  pageVisible(
    limit: number,
    after: string | undefined,
  ): { conversations: StoredConversation[]; more: boolean } {
    const cursor = after === undefined ? undefined : this.#cursorOf.get(after);
    const rows =
      cursor === undefined || cursor.hidden === 1
        ? this.#firstVisible.all(limit + 1)
        : this.#visibleAfter.all({ at: cursor.at, rowid: cursor.rowid, limit: limit + 1 });
    const page = rows.slice(0, limit);
    const people = this.#participantsIn.iterate(JSON.stringify(page.map((row) => row.id)));
    return { conversations: storedRows(page, people), more: rows.length > limit };
  }

  /**
   * Records a message on its conversation when it is newer than what the conversation knows: last
   * message, activity, un-hiding, and one more unread when it is someone else's and after the read
   * watermark (a snapshot that already counted it leaves `last_seq` at or past it, so nothing is counted
   * twice). Returns false for an unknown conversation (the caller fetches it).
   */
  noteMessage(message: Message, fromOthers: boolean): boolean {
    // Every message of a sync burst comes through here: the update first, and the existence check only
    // when it changed nothing; then the read watermark alone. Reading the whole conversation row (joins,
    // failed-send count) made this 50–120 µs a message against 8–14 µs, and it was the largest part of
    // applying an event in a chaos replay (docs/bench.md, "Chaos catch-up after core kills").
    const advanced = this.#noteMessage.run({ ...message }).changes > 0;
    if (!advanced) return this.has(message.conversationId);
    if (!fromOthers) return true;
    const lastRead = this.#lastReadSeqOf.get(message.conversationId)?.last_read_seq ?? 0;
    if (message.seq > lastRead) this.#bumpUnread.run(message.conversationId);
    return true;
  }

  setReadState(id: string, patch: ReadStatePatch): void {
    this.#readStateOnly.run({
      id,
      lastReadSeq: patch.lastReadSeq,
      markedUnread: patch.markedUnread ? 1 : 0,
      unreadCount: patch.unreadCount,
    });
  }

  setReceipts(id: string, othersReadSeq: number, othersDeliveredSeq: number): void {
    this.#receipts.run({ id, read: othersReadSeq, delivered: othersDeliveredSeq });
  }

  setHidden(id: string, hidden: boolean): void {
    this.#setHidden.run(hidden ? 1 : 0, id);
  }

  delete(id: string): void {
    this.#delete.run(id);
  }

  /** Ids of every cached conversation (hidden ones included). */
  ids(): string[] {
    return this.#db
      .prepare<[], { id: string }>('SELECT id FROM conversations')
      .all()
      .map((r) => r.id);
  }
}

const LIST_ORDER = 'ORDER BY c.last_activity_at DESC, c.rowid';

/** Conversation rows with their participants (rows of any conversations, in position order). */
function storedRows(
  rows: readonly ConversationRow[],
  participants: Iterable<UserRow & { conversation_id: string; invited: number }>,
): StoredConversation[] {
  const byConversation = new Map<string, (UserRow & { invited: number })[]>();
  for (const row of participants) {
    let list = byConversation.get(row.conversation_id);
    if (!list) byConversation.set(row.conversation_id, (list = []));
    list.push(row);
  }
  return rows.map((row) => ({
    conversation: conversationFromRow(row, peopleOf(byConversation.get(row.id) ?? [])),
    hidden: false,
    draft: row.draft,
    failedMessages: row.failed_messages,
  }));
}

/** Participant rows split into members and people invited who have not answered yet. */
function peopleOf(rows: readonly (UserRow & { invited: number })[]): ConversationPeople {
  const participants: UserSummary[] = [];
  const invited: UserSummary[] = [];
  for (const row of rows) (row.invited === 1 ? invited : participants).push(userFromRow(row));
  return { participants, invited };
}
