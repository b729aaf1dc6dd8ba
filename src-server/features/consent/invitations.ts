import type { Kysely } from 'kysely';
import type { Conversation } from '../../../src-shared/domain.ts';
import type { Work } from '../../events/unit-of-work.ts';
import type { ConversationsTable, Database, InvitationsTable } from '../../store/schema.ts';
import { buildConversationViews } from '../conversations/view.ts';
import { notify } from '../notifications/notify.ts';
import { loadUserSummary } from '../people/user-view.ts';
import { blockersAmong, hasBlocked } from './blocks.ts';
import { directKey } from '../conversations/access.ts';

/**
 * Nobody lands in a group or team without their yes. Adding someone puts them straight in only when they
 * have already accepted the adder: they follow the adder, or the two have an accepted direct conversation;
 * and never when they blocked the adder or left this group or team before. Everyone else gets an
 * invitation, which they accept or decline like a message request.
 */
export async function splitByConsent(
  db: Kysely<Database>,
  adderId: string,
  userIds: readonly string[],
  conversationId: string | null,
): Promise<{ members: string[]; invitees: string[] }> {
  const others = [...new Set(userIds)].filter((id) => id !== adderId);
  if (others.length === 0) return { members: [], invitees: [] };
  const followers = await db
    .selectFrom('user_follows')
    .select('follower_id')
    .where('followee_id', '=', adderId)
    .where('follower_id', 'in', others)
    .execute();
  const accepted = await db
    .selectFrom('conversations')
    .select('direct_key')
    .where('status', '=', 'accepted')
    .where(
      'direct_key',
      'in',
      others.map((id) => directKey(adderId, id)),
    )
    .execute();
  const blockers = await blockersAmong(db, adderId, others);
  const left = conversationId
    ? await db
        .selectFrom('invitations')
        .select('user_id')
        .where('conversation_id', '=', conversationId)
        .where('state', '=', 'left')
        .where('user_id', 'in', others)
        .execute()
    : [];
  const consented = new Set([
    ...followers.map((f) => f.follower_id),
    ...others.filter((id) => accepted.some((c) => c.direct_key === directKey(adderId, id))),
  ]);
  const leftBefore = new Set(left.map((l) => l.user_id));
  const members: string[] = [];
  const invitees: string[] = [];
  for (const id of others) {
    if (consented.has(id) && !blockers.has(id) && !leftBefore.has(id)) members.push(id);
    else invitees.push(id);
  }
  return { members, invitees };
}

/**
 * Invites people to a group or team chat. Someone with a pending invitation keeps it; someone who declined
 * an invitation from this inviter is not asked again by them. Each new invitee hears of it (the
 * conversation appears as pending, and a message-request notification), unless they blocked the inviter:
 * then the invitation is recorded, so the inviter sees nothing different, and never shown.
 */
export async function invite(
  w: Work,
  conversation: ConversationsTable,
  inviterId: string,
  userIds: readonly string[],
): Promise<void> {
  if (userIds.length === 0) return;
  const existing = await w.trx
    .selectFrom('invitations')
    .selectAll()
    .where('conversation_id', '=', conversation.id)
    .where('user_id', 'in', [...userIds])
    .execute();
  const fresh = userIds.filter((id) => {
    const row = existing.find((e) => e.user_id === id);
    if (!row) return true;
    if (row.state === 'pending') return false;
    return !(row.state === 'declined' && row.inviter_id === inviterId);
  });
  if (fresh.length === 0) return;
  // One statement for every invitee (a new group may invite many at once), not one per invitee.
  await setInvitationState(w, conversation.id, fresh, inviterId, 'pending');
  const from = await loadUserSummary(w.trx, inviterId);
  const hiddenFrom = await blockersAmong(w.trx, inviterId, fresh);
  for (const userId of fresh) {
    if (hiddenFrom.has(userId)) continue;
    const invitation = { inviter_id: inviterId, created_at: w.now };
    await w.emit(userId, {
      type: 'conversation.updated',
      conversation: await buildInvitationView(w.trx, userId, conversation, invitation),
    });
    if (from) await notify(w, userId, { kind: 'message_request', from, conversationId: conversation.id });
  }
}

/** The user's pending invitation to this conversation, if they may see it (they did not block the inviter). */
export async function visibleInvitation(
  db: Kysely<Database>,
  userId: string,
  conversationId: string,
): Promise<InvitationsTable | undefined> {
  const row = await pendingInvitation(db, userId, conversationId);
  if (!row || (await hasBlocked(db, userId, row.inviter_id))) return undefined;
  return row;
}

function pendingInvitation(db: Kysely<Database>, userId: string, conversationId: string) {
  return db
    .selectFrom('invitations')
    .selectAll()
    .where('conversation_id', '=', conversationId)
    .where('user_id', '=', userId)
    .where('state', '=', 'pending')
    .executeTakeFirst();
}

/** The conversation the user is invited to (and may see the invitation of), with the invitation. */
export async function invitedConversation(
  db: Kysely<Database>,
  userId: string,
  conversationId: string,
): Promise<{ conversation: ConversationsTable; invitation: InvitationsTable } | null> {
  const invitation = await visibleInvitation(db, userId, conversationId);
  if (!invitation) return null;
  const conversation = await db
    .selectFrom('conversations')
    .selectAll()
    .where('id', '=', conversationId)
    .executeTakeFirst();
  return conversation ? { conversation, invitation } : null;
}

/**
 * A conversation as someone invited to it sees it: `pending`, with who invited them as `requesterId`, its
 * title and members, but nothing of what was said or read (that is for members).
 */
export async function buildInvitationViews(
  db: Kysely<Database>,
  viewerId: string,
  items: readonly { conversation: ConversationsTable; invitation: Pick<InvitationsTable, 'inviter_id'> }[],
): Promise<Conversation[]> {
  const views = await buildConversationViews(
    db,
    viewerId,
    items.map((item) => item.conversation),
  );
  return views.map((view, i) => ({
    ...view,
    status: 'pending',
    requesterId: items[i]?.invitation.inviter_id ?? null,
    lastMessage: null,
    lastSeq: 0,
    unreadCount: 0,
    lastReadSeq: 0,
    markedUnread: false,
    othersReadSeq: 0,
    othersDeliveredSeq: 0,
  }));
}

export async function buildInvitationView(
  db: Kysely<Database>,
  viewerId: string,
  conversation: ConversationsTable,
  invitation: Pick<InvitationsTable, 'inviter_id'>,
): Promise<Conversation> {
  const [view] = await buildInvitationViews(db, viewerId, [{ conversation, invitation }]);
  if (!view) throw new Error('unreachable: one invitation in, one view out');
  return view;
}

/** Records that a member left (or was removed): being added again will need a new invitation. */
export async function recordLeft(
  w: Work,
  conversationId: string,
  userId: string,
  byId: string,
): Promise<void> {
  await setInvitationState(w, conversationId, [userId], byId, 'left');
}

/** Takes back a pending invitation (the owner removed someone not yet in the team). True if there was one. */
export async function withdrawInvitation(w: Work, conversationId: string, userId: string): Promise<boolean> {
  const row = await pendingInvitation(w.trx, userId, conversationId);
  if (!row) return false;
  await w.trx
    .deleteFrom('invitations')
    .where('conversation_id', '=', conversationId)
    .where('user_id', '=', userId)
    .execute();
  if (!(await hasBlocked(w.trx, userId, row.inviter_id))) {
    await w.emit(userId, { type: 'conversation.removed', conversationId, reason: 'left' });
  }
  return true;
}

/** Writes each person's invitation row for the conversation in one upsert: `state`, by whom, now. */
async function setInvitationState(
  w: Work,
  conversationId: string,
  userIds: readonly string[],
  byId: string,
  state: InvitationsTable['state'],
): Promise<void> {
  await w.trx
    .insertInto('invitations')
    .values(
      userIds.map((userId): InvitationsTable => ({
        conversation_id: conversationId,
        user_id: userId,
        inviter_id: byId,
        state,
        created_at: w.now,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['conversation_id', 'user_id']).doUpdateSet({ state, inviter_id: byId, created_at: w.now }),
    )
    .execute();
}
