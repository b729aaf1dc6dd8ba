import { AppError } from '../../../src-shared/errors.ts';
import type { OpHandlers, HandlerContext } from '../../context.ts';
import type { Work } from '../../events/unit-of-work.ts';
import type { ConversationsTable } from '../../store/schema.ts';
import { invitedConversation, recordLeft } from '../consent/invitations.ts';
import { markRequestNotificationsRead } from '../notifications/read-notifications.ts';
import { requireMembership, syncTeamParticipants } from './access.ts';
import { announce, announceToParticipants, setStatus } from './announce.ts';
import { markRead } from './read-state.ts';
import { buildConversationView } from './view.ts';

type Ops = 'conversations.accept' | 'conversations.decline' | 'conversations.leave';

/** Answering a message request or an invitation, and leaving a group or team. */
export function answerHandlers(ctx: HandlerContext): Pick<OpHandlers, Ops> {
  const { work } = ctx;

  return {
    'conversations.accept': (caller, { conversationId }) =>
      work.run(async (w) => {
        const invited = await invitedConversation(w.trx, caller.userId, conversationId);
        if (invited) return { conversation: await join(w, caller.userId, invited.conversation) };
        const { conversation, participants } = await requireMembership(w, caller.userId, conversationId);
        requireRequestRecipient(conversation, caller.userId);
        const accepted = await setStatus(w, conversation, 'accepted');
        await markRead(w, caller.userId, accepted, participants, Number(conversation.last_seq), true);
        await announce(
          w,
          accepted,
          participants.map((p) => p.user_id),
        );
        await markRequestNotificationsRead(w, caller.userId, conversationId);
        return { conversation: await buildConversationView(w.trx, caller.userId, accepted) };
      }),

    'conversations.decline': (caller, { conversationId }) =>
      work.run(async (w) => {
        if (await declineIfInvited(w, caller.userId, conversationId)) return { ok: true as const };
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
        await markRequestNotificationsRead(w, caller.userId, conversationId);
        return { ok: true as const };
      }),

    'conversations.leave': (caller, { conversationId }) =>
      work.run(async (w) => {
        // Leaving something you were only invited to is declining it.
        if (await declineIfInvited(w, caller.userId, conversationId)) return { ok: true as const };
        const { conversation, participants } = await requireMembership(w, caller.userId, conversationId);
        switch (conversation.kind) {
          case 'direct':
            throw new AppError(
              'FORBIDDEN',
              'A direct conversation cannot be left: hide it, or block the person.',
            );
          case 'team':
            await leaveTeam(w, caller.userId, conversation);
            break;
          case 'group':
            await w.trx
              .deleteFrom('participants')
              .where('conversation_id', '=', conversationId)
              .where('user_id', '=', caller.userId)
              .execute();
            await recordLeft(w, conversationId, caller.userId, caller.userId);
            await w.emit(caller.userId, { type: 'conversation.removed', conversationId, reason: 'left' });
            await announce(
              w,
              conversation,
              participants.map((p) => p.user_id).filter((id) => id !== caller.userId),
            );
            break;
        }
        return { ok: true as const };
      }),
  };
}

/** Accepting an invitation: the invitee becomes a member (of the group, or of the team and its chat). */
async function join(w: Work, userId: string, conversation: ConversationsTable) {
  await w.trx
    .deleteFrom('invitations')
    .where('conversation_id', '=', conversation.id)
    .where('user_id', '=', userId)
    .execute();
  if (conversation.kind === 'team' && conversation.team_id) {
    await w.trx
      .insertInto('team_members')
      .values({ team_id: conversation.team_id, user_id: userId, joined_at: w.now })
      .onConflict((oc) => oc.columns(['team_id', 'user_id']).doNothing())
      .execute();
    await syncTeamParticipants(w, conversation);
  } else {
    await w.trx
      .insertInto('participants')
      .values({
        conversation_id: conversation.id,
        user_id: userId,
        // The history before joining is not news to the newcomer.
        last_read_seq: Number(conversation.last_seq),
        delivered_seq: Number(conversation.last_seq),
        marked_unread: 0,
        hidden: 0,
        joined_at: w.now,
      })
      .execute();
    await announceToParticipants(w, conversation);
  }
  await markRequestNotificationsRead(w, userId, conversation.id);
  return buildConversationView(w.trx, userId, conversation);
}

/** Declines the user's invitation to the conversation, if they have one they may see; says whether they had. */
async function declineIfInvited(w: Work, userId: string, conversationId: string): Promise<boolean> {
  const invited = await invitedConversation(w.trx, userId, conversationId);
  if (!invited) return false;
  await declineInvitation(w, userId, invited.conversation);
  return true;
}

async function declineInvitation(w: Work, userId: string, conversation: ConversationsTable): Promise<void> {
  await w.trx
    .updateTable('invitations')
    .set({ state: 'declined' })
    .where('conversation_id', '=', conversation.id)
    .where('user_id', '=', userId)
    .execute();
  await w.emit(userId, { type: 'conversation.removed', conversationId: conversation.id, reason: 'declined' });
  await announceToParticipants(w, conversation);
  await markRequestNotificationsRead(w, userId, conversation.id);
}

/** Leaving a team chat is leaving the team; its owner cannot (a team always has its owner). */
async function leaveTeam(w: Work, userId: string, conversation: ConversationsTable): Promise<void> {
  if (!conversation.team_id) return;
  const team = await w.trx
    .selectFrom('teams')
    .select('owner_id')
    .where('id', '=', conversation.team_id)
    .executeTakeFirst();
  if (team?.owner_id === userId) throw new AppError('FORBIDDEN', 'The owner cannot leave their own team.');
  await w.trx
    .deleteFrom('team_members')
    .where('team_id', '=', conversation.team_id)
    .where('user_id', '=', userId)
    .execute();
  await recordLeft(w, conversation.id, userId, userId);
  await syncTeamParticipants(w, conversation);
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
