import { sql } from 'kysely';
import { AppError } from '../../../src-shared/errors.ts';
import { LIMITS } from '../../../src-shared/limits.ts';
import type { OpHandlers, ServerContext } from '../../context.ts';
import type { Work } from '../../events/unit-of-work.ts';
import { newId } from '../../ids.ts';
import type { ConversationsTable, ParticipantsTable } from '../../store/schema.ts';
import { loadHistory } from '../messages/history.ts';
import { decodePageCursor, encodePageCursor } from '../page-cursor.ts';
import { directKey, ensureTeamChats, requireMembership } from './access.ts';
import { advanceWatermarks } from './receipts.ts';
import { buildConversationView, buildConversationViews } from './view.ts';

type ConversationOps =
  | 'conversations.list'
  | 'conversations.get'
  | 'conversations.open'
  | 'conversations.startDirect'
  | 'conversations.createGroup'
  | 'conversations.accept'
  | 'conversations.decline'
  | 'conversations.hide'
  | 'conversations.markRead'
  | 'conversations.markUnread';

export function conversationHandlers(ctx: ServerContext): Pick<OpHandlers, ConversationOps> {
  const { work } = ctx;

  return {
    'conversations.list': (caller, params) =>
      work.run(async (w) => {
        await ensureTeamChats(w, caller.userId);
        const limit = params.limit ?? 100;
        let query = w.trx
          .selectFrom('conversations')
          .innerJoin('participants', 'participants.conversation_id', 'conversations.id')
          .selectAll('conversations')
          .where('participants.user_id', '=', caller.userId)
          .where('participants.hidden', '=', 0)
          // An empty request is invisible to its recipient until the request message exists.
          .where((eb) =>
            eb.or([
              eb('conversations.last_seq', '>', 0),
              eb('conversations.kind', '<>', 'direct'),
              eb('conversations.created_by', '=', caller.userId),
            ]),
          );
        if (params.cursor) {
          const { at, id } = decodePageCursor(params.cursor, 'conversation list');
          query = query.where((eb) =>
            eb.or([
              eb('conversations.last_activity_at', '<', at),
              eb.and([eb('conversations.last_activity_at', '=', at), eb('conversations.id', '<', id)]),
            ]),
          );
        }
        const rows = await query
          .orderBy('conversations.last_activity_at', 'desc')
          .orderBy('conversations.id', 'desc')
          .limit(limit + 1)
          .execute();
        const page = rows.slice(0, limit);
        const last = page.at(-1);
        return {
          conversations: await buildConversationViews(w.trx, caller.userId, page),
          nextCursor:
            rows.length > limit && last
              ? encodePageCursor({ at: Number(last.last_activity_at), id: last.id })
              : null,
        };
      }),

    'conversations.get': (caller, { conversationId }) =>
      work.run(async (w) => {
        const { conversation } = await requireMembership(w, caller.userId, conversationId);
        return { conversation: await buildConversationView(w.trx, caller.userId, conversation) };
      }),

    'conversations.open': (caller, { conversationId }) =>
      work.run(async (w) => {
        const { conversation, participants } = await requireMembership(w, caller.userId, conversationId);
        await markRead(w, caller.userId, conversation, participants, Number(conversation.last_seq), true);
        const history = await loadHistory(w.trx, conversationId, undefined, LIMITS.historyPageMax);
        return { conversation: await buildConversationView(w.trx, caller.userId, conversation), ...history };
      }),

    'conversations.startDirect': (caller, { userId }) =>
      work.run(async (w) => {
        if (userId === caller.userId)
          throw new AppError('CANNOT_MESSAGE_SELF', 'You cannot message yourself.');
        const other = await w.trx
          .selectFrom('users')
          .select('id')
          .where('id', '=', userId)
          .executeTakeFirst();
        if (!other) throw new AppError('NOT_FOUND', 'No such user.');
        const key = directKey(caller.userId, userId);
        const existing = await w.trx
          .selectFrom('conversations')
          .selectAll()
          .where('direct_key', '=', key)
          .executeTakeFirst();
        if (existing) return { conversation: await reuseDirect(w, caller.userId, existing) };

        const conversation: ConversationsTable = {
          id: newId(),
          kind: 'direct',
          title: null,
          direct_key: key,
          team_id: null,
          status: 'pending',
          requester_id: caller.userId,
          created_by: caller.userId,
          last_seq: 0,
          last_message_id: null,
          last_activity_at: w.now,
          created_at: w.now,
        };
        await w.trx.insertInto('conversations').values(conversation).execute();
        for (const id of [caller.userId, userId]) {
          await w.trx
            .insertInto('participants')
            .values({
              conversation_id: conversation.id,
              user_id: id,
              last_read_seq: 0,
              delivered_seq: 0,
              marked_unread: 0,
              hidden: 0,
              joined_at: w.now,
            })
            .execute();
        }
        const view = await buildConversationView(w.trx, caller.userId, conversation);
        await w.emit(caller.userId, { type: 'conversation.updated', conversation: view });
        return { conversation: view };
      }),

    'conversations.createGroup': (caller, params) =>
      work.run(async (w) => {
        const others = [...new Set(params.userIds)].filter((id) => id !== caller.userId);
        if (others.length < LIMITS.groupMinOthers) {
          throw new AppError(
            'GROUP_TOO_SMALL',
            `A group needs you and at least ${LIMITS.groupMinOthers} other people.`,
          );
        }
        if (others.length + 1 > LIMITS.groupMaxMembers) {
          throw new AppError(
            'GROUP_TOO_LARGE',
            `A group can have at most ${LIMITS.groupMaxMembers} members.`,
          );
        }
        const found = await w.trx.selectFrom('users').select('id').where('id', 'in', others).execute();
        if (found.length !== others.length)
          throw new AppError('NOT_FOUND', 'One of those people does not exist.');
        const title = params.title?.trim() || null;
        if (title && [...title].length > LIMITS.groupTitleMaxChars) {
          throw new AppError(
            'VALIDATION_FAILED',
            `A group title can be at most ${LIMITS.groupTitleMaxChars} characters.`,
            {
              issues: [{ path: 'title', message: `at most ${LIMITS.groupTitleMaxChars} characters` }],
            },
          );
        }
        const conversation: ConversationsTable = {
          id: newId(),
          kind: 'group',
          title,
          direct_key: null,
          team_id: null,
          status: 'accepted',
          requester_id: null,
          created_by: caller.userId,
          last_seq: 0,
          last_message_id: null,
          last_activity_at: w.now,
          created_at: w.now,
        };
        await w.trx.insertInto('conversations').values(conversation).execute();
        const members = [caller.userId, ...others];
        await w.trx
          .insertInto('participants')
          .values(
            members.map((id) => ({
              conversation_id: conversation.id,
              user_id: id,
              last_read_seq: 0,
              delivered_seq: 0,
              marked_unread: 0,
              hidden: 0,
              joined_at: w.now,
            })),
          )
          .execute();
        await announce(w, conversation, members);
        return { conversation: await buildConversationView(w.trx, caller.userId, conversation) };
      }),

    'conversations.accept': (caller, { conversationId }) =>
      work.run(async (w) => {
        const { conversation, participants } = await requireMembership(w, caller.userId, conversationId);
        requireRequestRecipient(conversation, caller.userId);
        const accepted = await setStatus(w, conversation, 'accepted');
        await markRead(w, caller.userId, accepted, participants, Number(conversation.last_seq), true);
        await announce(
          w,
          accepted,
          participants.map((p) => p.user_id),
        );
        return { conversation: await buildConversationView(w.trx, caller.userId, accepted) };
      }),

    'conversations.decline': (caller, { conversationId }) =>
      work.run(async (w) => {
        const { conversation, participants } = await requireMembership(w, caller.userId, conversationId);
        requireRequestRecipient(conversation, caller.userId);
        const declined = await setStatus(w, conversation, 'declined');
        await w.trx
          .updateTable('participants')
          .set({ hidden: 1, marked_unread: 0, last_read_seq: Number(conversation.last_seq) })
          .where('conversation_id', '=', conversationId)
          .where('user_id', '=', caller.userId)
          .execute();
        await w.emit(caller.userId, { type: 'conversation.removed', conversationId, reason: 'declined' });
        await announce(
          w,
          declined,
          participants.map((p) => p.user_id).filter((id) => id !== caller.userId),
        );
        return { ok: true as const };
      }),

    'conversations.hide': (caller, { conversationId }) =>
      work.run(async (w) => {
        await requireMembership(w, caller.userId, conversationId);
        await w.trx
          .updateTable('participants')
          .set({ hidden: 1 })
          .where('conversation_id', '=', conversationId)
          .where('user_id', '=', caller.userId)
          .execute();
        await w.emit(caller.userId, { type: 'conversation.removed', conversationId, reason: 'hidden' });
        return { ok: true as const };
      }),

    'conversations.markRead': (caller, { conversationId, upToSeq }) =>
      work.run(async (w) => {
        const { conversation, participants } = await requireMembership(w, caller.userId, conversationId);
        const last = Number(conversation.last_seq);
        await markRead(w, caller.userId, conversation, participants, Math.min(upToSeq ?? last, last), true);
        return { conversation: await buildConversationView(w.trx, caller.userId, conversation) };
      }),

    'conversations.markUnread': (caller, { conversationId }) =>
      work.run(async (w) => {
        const { conversation, participant } = await requireMembership(w, caller.userId, conversationId);
        if (Number(participant.marked_unread) !== 1) {
          await w.trx
            .updateTable('participants')
            .set({ marked_unread: 1 })
            .where('conversation_id', '=', conversationId)
            .where('user_id', '=', caller.userId)
            .execute();
          await emitReadState(w, caller.userId, conversation.id);
        }
        return { conversation: await buildConversationView(w.trx, caller.userId, conversation) };
      }),
  };
}

function requireRequestRecipient(conversation: ConversationsTable, userId: string): void {
  if (
    conversation.kind !== 'direct' ||
    conversation.status !== 'pending' ||
    conversation.requester_id === userId
  ) {
    throw new AppError(
      'NOT_A_REQUEST_RECIPIENT',
      'Only the recipient of a pending message request can accept or decline it.',
    );
  }
}

/** Advances the read watermark (clearing "marked unread") and tells the reader's sessions and the others. */
async function markRead(
  w: Work,
  userId: string,
  conversation: ConversationsTable,
  participants: readonly ParticipantsTable[],
  upToSeq: number,
  clearMarkedUnread: boolean,
): Promise<void> {
  const me = participants.find((p) => p.user_id === userId);
  const wasMarked = Number(me?.marked_unread ?? 0) === 1;
  const { changed } = await advanceWatermarks(w, conversation.id, participants, userId, { read: upToSeq });
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

/** startDirect on a pair that already has a conversation. */
async function reuseDirect(w: Work, userId: string, conversation: ConversationsTable) {
  if (conversation.status === 'declined') {
    if (conversation.requester_id === userId) {
      throw new AppError('REQUEST_DECLINED', 'This person declined your message request.');
    }
    // The person who declined may change their mind: messaging the requester accepts the conversation.
    const accepted = await setStatus(w, conversation, 'accepted');
    await w.trx
      .updateTable('participants')
      .set({ hidden: 0 })
      .where('conversation_id', '=', conversation.id)
      .where('user_id', '=', userId)
      .execute();
    const participants = await w.trx
      .selectFrom('participants')
      .select('user_id')
      .where('conversation_id', '=', conversation.id)
      .execute();
    await announce(
      w,
      accepted,
      participants.map((p) => p.user_id),
    );
    return buildConversationView(w.trx, userId, accepted);
  }
  if (
    conversation.status === 'pending' &&
    Number(conversation.last_seq) === 0 &&
    conversation.requester_id !== userId
  ) {
    // The other person opened a request but never sent it: it becomes this caller's request instead.
    const mine = { ...conversation, requester_id: userId, created_by: userId };
    await w.trx
      .updateTable('conversations')
      .set({ requester_id: userId, created_by: userId })
      .where('id', '=', conversation.id)
      .execute();
    return buildConversationView(w.trx, userId, mine);
  }
  return buildConversationView(w.trx, userId, conversation);
}

async function setStatus(
  w: Work,
  conversation: ConversationsTable,
  status: ConversationsTable['status'],
): Promise<ConversationsTable> {
  await w.trx.updateTable('conversations').set({ status }).where('id', '=', conversation.id).execute();
  return { ...conversation, status };
}

/** Tells each of `userIds` the conversation's new summary, as that person sees it. */
async function announce(
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
