import { AppError } from '../../../src-shared/errors.ts';
import type { OpHandlers, HandlerContext } from '../../context.ts';
import type { Work } from '../../events/unit-of-work.ts';
import { announce } from '../conversations/announce.ts';
import { directKey } from '../conversations/access.ts';
import { loadUserProfile, requireUser } from '../people/profile.ts';
import { selectUserSummaries, toUserSummary } from '../people/user-view.ts';
import { buildInvitationView } from './invitations.ts';
import { freezeReceipts, thawReceipts } from './receipt-visibility.ts';

type Ops = 'users.block' | 'users.unblock' | 'users.blocked';

/**
 * Blocking. Private: the blocked person is never told and sees nothing change (their messages are
 * accepted and never delivered, their requests and invitations wait forever, the blocker's receipts stop
 * moving). The blocker's own sessions learn what leaves or returns to their list.
 */
export function blockHandlers(ctx: HandlerContext): Pick<OpHandlers, Ops> {
  const { work } = ctx;

  return {
    'users.block': (caller, { userId }) =>
      work.run(async (w) => {
        await checkTarget(w, caller.userId, userId);
        const inserted = await w.trx
          .insertInto('blocks')
          .values({ blocker_id: caller.userId, blocked_id: userId, created_at: w.now })
          .onConflict((oc) => oc.columns(['blocker_id', 'blocked_id']).doNothing())
          .returning('blocker_id')
          .executeTakeFirst();
        if (inserted) {
          await freezeReceipts(w.trx, caller.userId, userId);
          // Their pending request and invitations leave the blocker's list (and come back on unblock).
          for (const conversationId of await fromBlocked(w, caller.userId, userId)) {
            await w.emit(caller.userId, { type: 'conversation.removed', conversationId, reason: 'hidden' });
          }
        }
        return { user: await loadUserProfile(w.trx, caller.userId, userId) };
      }),

    'users.unblock': (caller, { userId }) =>
      work.run(async (w) => {
        await checkTarget(w, caller.userId, userId);
        const deleted = await w.trx
          .deleteFrom('blocks')
          .where('blocker_id', '=', caller.userId)
          .where('blocked_id', '=', userId)
          .executeTakeFirst();
        if (Number(deleted.numDeletedRows) > 0) {
          await thawReceipts(w.trx, caller.userId, userId);
          await showAgain(w, caller.userId, userId);
        }
        return { user: await loadUserProfile(w.trx, caller.userId, userId) };
      }),

    'users.blocked': (caller) =>
      work.run(async (w) => {
        const rows = await selectUserSummaries(w.trx)
          .innerJoin('blocks', 'blocks.blocked_id', 'users.id')
          .where('blocks.blocker_id', '=', caller.userId)
          .orderBy('blocks.created_at', 'desc')
          .orderBy('users.id', 'desc')
          .execute();
        return { users: rows.map(toUserSummary) };
      }),
  };
}

async function checkTarget(w: Work, callerId: string, userId: string): Promise<void> {
  if (userId === callerId) throw new AppError('CANNOT_BLOCK_SELF', 'You cannot block yourself.');
  await requireUser(w.trx, userId);
}

/** The conversations a pending request or invitation from `fromId` to `userId` stands in. */
async function fromBlocked(w: Work, userId: string, fromId: string): Promise<string[]> {
  const request = await w.trx
    .selectFrom('conversations')
    .select('id')
    .where('direct_key', '=', directKey(userId, fromId))
    .where('status', '=', 'pending')
    .where('requester_id', '=', fromId)
    .where('last_seq', '>', 0)
    .execute();
  const invitations = await w.trx
    .selectFrom('invitations')
    .select('conversation_id as id')
    .where('user_id', '=', userId)
    .where('inviter_id', '=', fromId)
    .where('state', '=', 'pending')
    .execute();
  return [...request, ...invitations].map((row) => row.id);
}

/** After an unblock: a request or invitation from that person still waiting is shown again. */
async function showAgain(w: Work, userId: string, fromId: string): Promise<void> {
  const ids = await fromBlocked(w, userId, fromId);
  if (ids.length === 0) return;
  const conversations = await w.trx.selectFrom('conversations').selectAll().where('id', 'in', ids).execute();
  for (const conversation of conversations) {
    if (conversation.kind === 'direct') {
      await announce(w, conversation, [userId]);
    } else {
      await w.emit(userId, {
        type: 'conversation.updated',
        conversation: await buildInvitationView(w.trx, userId, conversation, { inviter_id: fromId }),
      });
    }
  }
}
