import type { Kysely } from 'kysely';
import type { UserProfile, UserSummary } from '../../../src-shared/domain.ts';
import { AppError } from '../../../src-shared/errors.ts';
import type { Database } from '../../store/schema.ts';
import { selectUserSummaries, toUserSummary } from './user-view.ts';

/** Throws NOT_FOUND unless the user exists. */
export async function requireUser(db: Kysely<Database>, userId: string): Promise<void> {
  const row = await db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', 'No such user.');
}

export async function isModerator(db: Kysely<Database>, userId: string): Promise<boolean> {
  const row = await db.selectFrom('users').select('role').where('id', '=', userId).executeTakeFirst();
  return row?.role === 'moderator';
}

/** A user's profile as `viewerId` sees it: counts and follow state in one query, mute state for moderators only. */
export async function loadUserProfile(
  db: Kysely<Database>,
  viewerId: string,
  userId: string,
): Promise<UserProfile> {
  const row = await selectUserSummaries(db)
    .select((eb) => [
      'users.community_muted as communityMuted',
      'users.created_at as createdAt',
      eb
        .selectFrom('user_follows as f')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('f.followee_id', '=', 'users.id')
        .as('followersCount'),
      eb
        .selectFrom('user_follows as f')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('f.follower_id', '=', 'users.id')
        .as('followingCount'),
      eb
        .exists(
          eb
            .selectFrom('user_follows as f')
            .select('f.follower_id')
            .where('f.follower_id', '=', viewerId)
            .whereRef('f.followee_id', '=', 'users.id'),
        )
        .as('followedByMe'),
      eb
        .exists(
          eb
            .selectFrom('user_follows as f')
            .select('f.follower_id')
            .whereRef('f.follower_id', '=', 'users.id')
            .where('f.followee_id', '=', viewerId),
        )
        .as('followsMe'),
      eb
        .exists(
          eb
            .selectFrom('blocks as b')
            .select('b.blocker_id')
            .where('b.blocker_id', '=', viewerId)
            .whereRef('b.blocked_id', '=', 'users.id'),
        )
        .as('blockedByMe'),
    ])
    .where('users.id', '=', userId)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', 'No such user.');
  // SQLite answers EXISTS with 0/1 and PostgreSQL with true/false; Number() reads both.
  const truthy = (value: unknown) => Number(value) === 1;
  return {
    ...toUserSummary(row),
    followersCount: Number(row.followersCount ?? 0),
    followingCount: Number(row.followingCount ?? 0),
    followedByMe: truthy(row.followedByMe),
    followsMe: truthy(row.followsMe),
    communityMuted: truthy(row.communityMuted) && (await isModerator(db, viewerId)),
    createdAt: Number(row.createdAt),
    blockedByMe: truthy(row.blockedByMe),
  };
}

/** Followers (`direction: 'followers'`) or followees of a user, most recent follow first. */
export async function loadFollowList(
  db: Kysely<Database>,
  userId: string,
  direction: 'followers' | 'following',
): Promise<UserSummary[]> {
  await requireUser(db, userId);
  const [listed, anchor] =
    direction === 'followers'
      ? (['follower_id', 'followee_id'] as const)
      : (['followee_id', 'follower_id'] as const);
  const rows = await selectUserSummaries(db)
    .innerJoin('user_follows', `user_follows.${listed}`, 'users.id')
    .where(`user_follows.${anchor}`, '=', userId)
    .orderBy('user_follows.created_at', 'desc')
    // Follows in the same millisecond: newer accounts first (ids are time-ordered), so the order is stable.
    .orderBy('users.id', 'desc')
    .execute();
  return rows.map(toUserSummary);
}
