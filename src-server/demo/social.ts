import type { Work } from '../events/unit-of-work.ts';
import type { DemoPageSlug, DemoUsername } from './accounts.ts';
import { required } from './lookup.ts';

/** Who follows whom. The demo user follows some and is followed by others, so both lists have people. */
const USER_FOLLOWS: readonly (readonly [DemoUsername, DemoUsername])[] = [
  ['demo', 'kaito'],
  ['demo', 'nova'],
  ['demo', 'lena'],
  ['kaito', 'demo'],
  ['lena', 'demo'],
  ['zoe', 'demo'],
  ['rico', 'demo'],
  ['marcus', 'kaito'],
  ['zoe', 'kaito'],
  ['lena', 'kaito'],
  ['kaito', 'lena'],
  ['nova', 'kaito'],
  ['kaito', 'nova'],
  ['zoe', 'marcus'],
  ['marcus', 'zoe'],
];

/** Producer-page likes. */
const PAGE_LIKES: readonly (readonly [DemoUsername, DemoPageSlug])[] = [
  ['demo', 'nova-waves'],
  ['demo', 'kaito-beats'],
  ['demo', 'metro-gloom'],
  ['lena', 'nova-waves'],
  ['zoe', 'sable-keys'],
  ['zoe', 'kaito-beats'],
  ['marcus', '808-orchard'],
  ['rico', 'nova-waves'],
  ['kaito', 'sable-keys'],
];

export async function seedSocialGraph(
  w: Work,
  ids: ReadonlyMap<DemoUsername, string>,
  pages: ReadonlyMap<DemoPageSlug, string>,
  now: number,
): Promise<void> {
  // Spread over the past fortnight, one a day or so, so "followed you" times differ.
  const day = 24 * 3_600_000;
  await w.trx
    .insertInto('user_follows')
    .values(
      USER_FOLLOWS.map(([follower, followee], i) => ({
        follower_id: required(ids, follower),
        followee_id: required(ids, followee),
        created_at: Math.round(now - (14 - i * 0.8) * day),
      })),
    )
    .execute();
  await w.trx
    .insertInto('producer_follows')
    .values(
      PAGE_LIKES.map(([user, page], i) => ({
        user_id: required(ids, user),
        producer_id: required(pages, page),
        created_at: now - (12 - i) * day,
      })),
    )
    .execute();
}
