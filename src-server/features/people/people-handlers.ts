import { AppError, assertNever } from '../../../src-shared/errors.ts';
import type { OpHandlers, HandlerContext } from '../../context.ts';
import type { Work } from '../../events/unit-of-work.ts';
import { loadMe } from '../accounts/accounts.ts';
import { notify } from '../notifications/notify.ts';
import { loadFollowList, loadUserProfile, requireUser } from './profile.ts';
import { parseSearchQuery, searchUsers, suggestUsers } from './search.ts';
import { loadUserSummary } from './user-view.ts';

type Ops =
  | 'me.get'
  | 'users.search'
  | 'users.get'
  | 'users.follow'
  | 'users.unfollow'
  | 'users.followers'
  | 'users.following';

/** People: the signed-in user, search and suggestions, profiles, and user-to-user follows. */
export function peopleHandlers(ctx: HandlerContext): Pick<OpHandlers, Ops> {
  const { db, work } = ctx;

  return {
    'me.get': async (caller) => ({ me: await loadMe(db, caller.userId) }),

    'users.search': async (caller, { query }) => {
      const parsed = parseSearchQuery(query);
      switch (parsed.kind) {
        case 'suggestions':
          return { users: await suggestUsers(db, caller.userId) };
        case 'search':
          return { users: await searchUsers(db, caller.userId, parsed.needle) };
        default:
          return assertNever(parsed, 'search query');
      }
    },

    'users.get': async (caller, { userId }) => ({ user: await loadUserProfile(db, caller.userId, userId) }),

    'users.follow': (caller, { userId }) =>
      work.run(async (w) => {
        await checkFollowTarget(w, caller.userId, userId);
        // ON CONFLICT DO NOTHING makes a repeated or concurrent follow a no-op; RETURNING says whether this one was new.
        const inserted = await w.trx
          .insertInto('user_follows')
          .values({ follower_id: caller.userId, followee_id: userId, created_at: w.now })
          .onConflict((oc) => oc.columns(['follower_id', 'followee_id']).doNothing())
          .returning('follower_id')
          .executeTakeFirst();
        if (inserted) {
          await w.emitAll([caller.userId, userId], {
            type: 'follow.changed',
            followerId: caller.userId,
            followeeId: userId,
            following: true,
          });
          const follower = await loadUserSummary(w.trx, caller.userId);
          if (follower) await notify(w, userId, { kind: 'new_follower', follower });
        }
        return { user: await loadUserProfile(w.trx, caller.userId, userId) };
      }),

    'users.unfollow': (caller, { userId }) =>
      work.run(async (w) => {
        await checkFollowTarget(w, caller.userId, userId);
        const deleted = await w.trx
          .deleteFrom('user_follows')
          .where('follower_id', '=', caller.userId)
          .where('followee_id', '=', userId)
          .executeTakeFirst();
        if (Number(deleted.numDeletedRows) > 0) {
          await w.emitAll([caller.userId, userId], {
            type: 'follow.changed',
            followerId: caller.userId,
            followeeId: userId,
            following: false,
          });
        }
        return { user: await loadUserProfile(w.trx, caller.userId, userId) };
      }),

    'users.followers': async (_caller, { userId }) => ({
      users: await loadFollowList(db, userId, 'followers'),
    }),
    'users.following': async (_caller, { userId }) => ({
      users: await loadFollowList(db, userId, 'following'),
    }),
  };
}

async function checkFollowTarget(w: Work, callerId: string, userId: string): Promise<void> {
  if (userId === callerId) throw new AppError('CANNOT_FOLLOW_SELF', 'You cannot follow yourself.');
  await requireUser(w.trx, userId);
}
