import type { Kysely } from 'kysely';
import type { ProducerPage, UserSummary } from '../../../src-shared/domain.ts';
import { AppError } from '../../../src-shared/errors.ts';
import type { Database, ProducerPagesTable } from '../../store/schema.ts';
import { loadUserSummaries, selectUserSummaries, toUserSummary } from '../people/user-view.ts';

export async function requireProducerPage(
  db: Kysely<Database>,
  producerId: string,
): Promise<ProducerPagesTable> {
  const page = await db
    .selectFrom('producer_pages')
    .selectAll()
    .where('id', '=', producerId)
    .executeTakeFirst();
  if (!page) throw new AppError('NOT_FOUND', 'No such producer page.');
  return page;
}

/**
 * Producer pages as `viewerId` sees them, in the order of `ids`, with follower counts and the viewer's
 * like state computed by the database (one query for the pages, one for the claiming users).
 */
export async function loadProducerPages(
  db: Kysely<Database>,
  viewerId: string,
  ids: readonly string[],
): Promise<ProducerPage[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('producer_pages as p')
    .select((eb) => [
      'p.id',
      'p.name',
      'p.slug',
      'p.bio',
      'p.claimed_by_user_id',
      eb
        .selectFrom('producer_follows as f')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('f.producer_id', '=', 'p.id')
        .as('followersCount'),
      eb
        .exists(
          eb
            .selectFrom('producer_follows as f')
            .select('f.user_id')
            .whereRef('f.producer_id', '=', 'p.id')
            .where('f.user_id', '=', viewerId),
        )
        .as('followedByMe'),
    ])
    .where('p.id', 'in', [...new Set(ids)])
    .execute();
  const claimers = await loadUserSummaries(
    db,
    rows.map((r) => r.claimed_by_user_id).filter((id): id is string => id !== null),
  );
  const byId = new Map(
    rows.map((r): [string, ProducerPage] => [
      r.id,
      {
        id: r.id,
        name: r.name,
        slug: r.slug,
        bio: r.bio,
        claimedBy: r.claimed_by_user_id ? (claimers.get(r.claimed_by_user_id) ?? null) : null,
        followersCount: Number(r.followersCount ?? 0),
        // SQLite answers EXISTS with 0/1 and PostgreSQL with true/false; Number() reads both.
        followedByMe: Number(r.followedByMe) === 1,
      },
    ]),
  );
  return ids.map((id) => byId.get(id)).filter((p): p is ProducerPage => p !== undefined);
}

export async function loadProducerPage(
  db: Kysely<Database>,
  viewerId: string,
  producerId: string,
): Promise<ProducerPage> {
  const [page] = await loadProducerPages(db, viewerId, [producerId]);
  if (!page) throw new AppError('NOT_FOUND', 'No such producer page.');
  return page;
}

/** Users who follow (like) a producer page, most recent first. */
export async function loadFollowersOfProducer(
  db: Kysely<Database>,
  producerId: string,
): Promise<UserSummary[]> {
  const rows = await selectUserSummaries(db)
    .innerJoin('producer_follows', 'producer_follows.user_id', 'users.id')
    .where('producer_follows.producer_id', '=', producerId)
    .orderBy('producer_follows.created_at', 'desc')
    .orderBy('users.id', 'desc')
    .execute();
  return rows.map(toUserSummary);
}
