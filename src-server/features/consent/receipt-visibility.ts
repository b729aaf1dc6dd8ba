import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
import { blockersOf, blocksBetween } from './blocks.ts';

export interface Watermarks {
  read: number;
  delivered: number;
}

/**
 * What one viewer may see of other participants' read and delivery watermarks. Someone who blocked the
 * viewer shows the values they had when they blocked (a receipt freeze), or nothing (0) in a conversation
 * joined since: their reading is no longer the viewer's business, and nothing moves to give the block away.
 */
export interface ReceiptVisibility {
  /** The watermarks of `userId` in `conversationId` as the viewer sees them. */
  of(conversationId: string, userId: string, actual: Watermarks): Watermarks;
}

const EVERYTHING: ReceiptVisibility = { of: (_c, _u, actual) => actual };

export async function receiptVisibility(
  db: Kysely<Database>,
  viewerId: string,
  conversationIds: readonly string[],
): Promise<ReceiptVisibility> {
  const blockers = await blockersOf(db, viewerId);
  if (blockers.size === 0 || conversationIds.length === 0) return EVERYTHING;
  const frozen = new Map<string, Watermarks>();
  for (let i = 0; i < conversationIds.length; i += 500) {
    const rows = await db
      .selectFrom('receipt_freezes')
      .selectAll()
      .where('viewer_id', '=', viewerId)
      .where('conversation_id', 'in', conversationIds.slice(i, i + 500))
      .execute();
    for (const row of rows) {
      frozen.set(`${row.conversation_id}:${row.user_id}`, {
        read: Number(row.read_seq),
        delivered: Number(row.delivered_seq),
      });
    }
  }
  return {
    of: (conversationId, userId, actual) =>
      blockers.has(userId)
        ? (frozen.get(`${conversationId}:${userId}`) ?? { read: 0, delivered: 0 })
        : actual,
  };
}

/** One block: `blocker_id` blocked `blocked_id`. */
export interface BlockPair {
  blocker_id: string;
  blocked_id: string;
}

/**
 * Receipt visibility inside one conversation for all its participants at once (for fan-out): `of(viewer,
 * user, actual)`. Two queries, and none but the first when nobody in the conversation blocked anyone.
 * `knownBlocks`: every block among `userIds`, when the caller has just read them in the same transaction
 * (a direct send checks the pair's blocks first): the first query is then skipped.
 */
export async function conversationReceiptVisibility(
  db: Kysely<Database>,
  conversationId: string,
  userIds: readonly string[],
  knownBlocks?: readonly BlockPair[],
): Promise<(viewerId: string, userId: string, actual: Watermarks) => Watermarks> {
  const everything = (_viewer: string, _user: string, actual: Watermarks) => actual;
  if (userIds.length < 2) return everything;
  const ids = [...new Set(userIds)];
  let pairs: readonly BlockPair[];
  const [a, b] = ids;
  if (knownBlocks) {
    pairs = knownBlocks;
  } else if (ids.length === 2 && a !== undefined && b !== undefined) {
    // A direct conversation (the send path): one compiled statement instead of building an `in` query.
    const between = await blocksBetween(db, a, b);
    pairs = [
      ...(between.aBlockedB ? [{ blocker_id: a, blocked_id: b }] : []),
      ...(between.bBlockedA ? [{ blocker_id: b, blocked_id: a }] : []),
    ];
  } else {
    pairs = await db
      .selectFrom('blocks')
      .select(['blocker_id', 'blocked_id'])
      .where('blocker_id', 'in', ids)
      .where('blocked_id', 'in', ids)
      .execute();
  }
  if (pairs.length === 0) return everything;
  const blocked = new Set(pairs.map((p) => `${p.blocker_id}:${p.blocked_id}`));
  const frozen = new Map<string, Watermarks>();
  const rows = await db
    .selectFrom('receipt_freezes')
    .selectAll()
    .where('conversation_id', '=', conversationId)
    .execute();
  for (const row of rows) {
    frozen.set(`${row.user_id}:${row.viewer_id}`, {
      read: Number(row.read_seq),
      delivered: Number(row.delivered_seq),
    });
  }
  return (viewerId, userId, actual) =>
    blocked.has(`${userId}:${viewerId}`)
      ? (frozen.get(`${userId}:${viewerId}`) ?? { read: 0, delivered: 0 })
      : actual;
}

/** Freezes `blockerId`'s watermarks, as `viewerId` sees them, in every conversation they share now. */
export async function freezeReceipts(
  db: Kysely<Database>,
  blockerId: string,
  viewerId: string,
): Promise<void> {
  const shared = await db
    .selectFrom('participants as mine')
    .innerJoin('participants as theirs', 'theirs.conversation_id', 'mine.conversation_id')
    .select([
      'mine.conversation_id as conversationId',
      'mine.last_read_seq as read',
      'mine.delivered_seq as delivered',
    ])
    .where('mine.user_id', '=', blockerId)
    .where('theirs.user_id', '=', viewerId)
    .execute();
  if (shared.length === 0) return;
  await db
    .insertInto('receipt_freezes')
    .values(
      shared.map((row) => ({
        conversation_id: row.conversationId,
        user_id: blockerId,
        viewer_id: viewerId,
        read_seq: Number(row.read),
        delivered_seq: Number(row.delivered),
      })),
    )
    .onConflict((oc) => oc.columns(['conversation_id', 'user_id', 'viewer_id']).doNothing())
    .execute();
}

export async function thawReceipts(db: Kysely<Database>, blockerId: string, viewerId: string): Promise<void> {
  await db
    .deleteFrom('receipt_freezes')
    .where('user_id', '=', blockerId)
    .where('viewer_id', '=', viewerId)
    .execute();
}
