import { AppError } from '../../../src-shared/errors.ts';
import type { Conversation } from '../../../src-shared/domain.ts';
import { LIMITS } from '../../../src-shared/limits.ts';
import type { OpHandlers, HandlerContext } from '../../context.ts';
import type { Work } from '../../events/unit-of-work.ts';
import { newId } from '../../ids.ts';
import type { ExpressionBuilder } from 'kysely';
import type { ConversationsTable, Database } from '../../store/schema.ts';
import { blockedError, blocksBetween } from '../consent/blocks.ts';
import {
  buildInvitationView,
  buildInvitationViews,
  invite,
  invitedConversation,
  splitByConsent,
} from '../consent/invitations.ts';
import { loadHistory } from '../messages/history.ts';
import { decodePageCursor, encodePageCursor } from '../page-cursor.ts';
import { directKey, ensureTeamChats, requireMembership } from './access.ts';
import type { Membership } from './access.ts';
import { announce, setStatus } from './announce.ts';
import { answerHandlers } from './answer-handlers.ts';
import { emitReadState, markRead } from './read-state.ts';
import { buildConversationView, buildConversationViews } from './view.ts';

type ConversationOps =
  | 'conversations.list'
  | 'conversations.get'
  | 'conversations.open'
  | 'conversations.startDirect'
  | 'conversations.createGroup'
  | 'conversations.accept'
  | 'conversations.decline'
  | 'conversations.leave'
  | 'conversations.hide'
  | 'conversations.markRead'
  | 'conversations.markUnread';

export function conversationHandlers(ctx: HandlerContext): Pick<OpHandlers, ConversationOps> {
  const { work } = ctx;

  return {
    ...answerHandlers(ctx),

    'conversations.list': (caller, params) =>
      work.run(async (w) => {
        await ensureTeamChats(w, caller.userId);
        const me = caller.userId;
        const limit = params.limit ?? 100;
        let query = w.trx
          .selectFrom('conversations')
          .selectAll('conversations')
          // Conversations the user takes part in (and has not hidden), and those they are invited to by
          // someone they have not blocked.
          .where((eb) =>
            eb.or([
              eb.exists(
                eb
                  .selectFrom('participants')
                  .select('participants.user_id')
                  .whereRef('participants.conversation_id', '=', 'conversations.id')
                  .where('participants.user_id', '=', me)
                  .where('participants.hidden', '=', 0),
              ),
              eb.exists(
                eb
                  .selectFrom('invitations')
                  .select('invitations.user_id')
                  .whereRef('invitations.conversation_id', '=', 'conversations.id')
                  .where('invitations.user_id', '=', me)
                  .where('invitations.state', '=', 'pending')
                  .where('invitations.inviter_id', 'not in', blockedByMe(eb, me)),
              ),
            ]),
          )
          // An empty request is invisible to its recipient until the request message exists.
          .where((eb) =>
            eb.or([
              eb('conversations.last_seq', '>', 0),
              eb('conversations.kind', '<>', 'direct'),
              eb('conversations.created_by', '=', me),
            ]),
          )
          // So is a request from someone the user blocked.
          .where((eb) =>
            eb.or([
              eb('conversations.kind', '<>', 'direct'),
              eb('conversations.status', '<>', 'pending'),
              eb('conversations.requester_id', '=', me),
              eb('conversations.requester_id', 'not in', blockedByMe(eb, me)),
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
          conversations: await viewsOfPage(w, me, page),
          nextCursor:
            rows.length > limit && last
              ? encodePageCursor({ at: Number(last.last_activity_at), id: last.id })
              : null,
        };
      }),

    'conversations.get': (caller, { conversationId }) =>
      work.run(async (w) => {
        const found = await memberOrInvited(w, caller.userId, conversationId);
        if (found.invited) return { conversation: found.view };
        return { conversation: await buildConversationView(w.trx, caller.userId, found.conversation) };
      }),

    'conversations.open': (caller, { conversationId }) =>
      work.run(async (w) => {
        const found = await memberOrInvited(w, caller.userId, conversationId);
        // Someone invited sees who is in it, not what was said, until they join.
        if (found.invited) return { conversation: found.view, messages: [], hasMore: false };
        const { conversation, participants } = found;
        await markRead(w, caller.userId, conversation, participants, Number(conversation.last_seq), true);
        const history = await loadHistory(
          w.trx,
          conversationId,
          caller.userId,
          undefined,
          LIMITS.historyPageMax,
        );
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
        // Only your own block stops you; someone who blocked you is never revealed (see messages.send).
        if ((await blocksBetween(w.trx, caller.userId, userId)).aBlockedB) throw blockedError();
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
        // People who have accepted the creator join at once; everyone else is invited.
        const { members: joined, invitees } = await splitByConsent(w.trx, caller.userId, others, null);
        const members = [caller.userId, ...joined];
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
        await invite(w, conversation, caller.userId, invitees);
        await announce(w, conversation, members);
        return { conversation: await buildConversationView(w.trx, caller.userId, conversation) };
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

/** The ids the user blocked, as a subquery. */
function blockedByMe(eb: ExpressionBuilder<Database, 'conversations'>, userId: string) {
  return eb.selectFrom('blocks').select('blocks.blocked_id').where('blocks.blocker_id', '=', userId);
}

/** A member's conversation (NOT_FOUND otherwise), or an invitation to it the user may see. */
async function memberOrInvited(
  w: Work,
  userId: string,
  conversationId: string,
): Promise<({ invited: false } & Membership) | { invited: true; view: Conversation }> {
  try {
    return { invited: false, ...(await requireMembership(w, userId, conversationId)) };
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'NOT_FOUND') throw error;
    const invited = await invitedConversation(w.trx, userId, conversationId);
    if (!invited) throw error;
    return {
      invited: true,
      view: await buildInvitationView(w.trx, userId, invited.conversation, invited.invitation),
    };
  }
}

/** A list page: members' views, and invitation views for the conversations the user is invited to. */
async function viewsOfPage(
  w: Work,
  userId: string,
  page: readonly ConversationsTable[],
): Promise<Conversation[]> {
  if (page.length === 0) return [];
  const invitations = await w.trx
    .selectFrom('invitations')
    .selectAll()
    .where('user_id', '=', userId)
    .where('state', '=', 'pending')
    .where(
      'conversation_id',
      'in',
      page.map((c) => c.id),
    )
    .execute();
  const invitedTo = new Map(invitations.map((i) => [i.conversation_id, i]));
  const memberOf = page.filter((c) => !invitedTo.has(c.id));
  const views = new Map<string, Conversation>();
  for (const view of await buildConversationViews(w.trx, userId, memberOf)) views.set(view.id, view);
  const invitedViews = await buildInvitationViews(
    w.trx,
    userId,
    page.flatMap((conversation) => {
      const invitation = invitedTo.get(conversation.id);
      return invitation ? [{ conversation, invitation }] : [];
    }),
  );
  for (const view of invitedViews) views.set(view.id, view);
  return page.flatMap((c) => views.get(c.id) ?? []);
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
