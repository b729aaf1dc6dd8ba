import type { Kysely } from 'kysely';
import { AppError } from '../../../src-shared/errors.ts';
import type { Database } from '../../store/schema.ts';
import { first, prepared } from '../../store/prepared.ts';
import { memoized } from '../../store/direct-sqlite.ts';

/**
 * Who blocked whom. Blocking is private: these answers shape what the blocked person receives, never what
 * they are told.
 */

/** On every direct send: is either of the pair blocking the other? Built and compiled once. */
const selectPairBlocks = prepared((db, a: { a: string; b: string }) =>
  db
    .selectFrom('blocks')
    .select(['blocker_id', 'blocked_id'])
    .where((eb) =>
      eb.or([
        eb.and([eb('blocker_id', '=', a.a), eb('blocked_id', '=', a.b)]),
        eb.and([eb('blocker_id', '=', a.b), eb('blocked_id', '=', a.a)]),
      ]),
    ),
);

const BLOCKS_DEPEND_ON = [{ table: 'blocks' }] as const;

/** Between a pair: whether the first blocked the second, and the second the first. */
export interface PairBlocks {
  aBlockedB: boolean;
  bBlockedA: boolean;
}

/** Whether `a` blocked `b`, and whether `b` blocked `a`, in one query. */
export async function blocksBetween(db: Kysely<Database>, a: string, b: string): Promise<PairBlocks> {
  // Read for every direct message, changed rarely: remembered in a group commit while `blocks` is not
  // written (store/read-memo.ts).
  return memoized(db, `blocks:${a}:${b}`, BLOCKS_DEPEND_ON, async () => {
    const rows = (await selectPairBlocks(db, { a, b })).rows;
    return {
      aBlockedB: rows.some((r) => r.blocker_id === a),
      bBlockedA: rows.some((r) => r.blocker_id === b),
    };
  });
}

/**
 * Of `others`, those `userId` blocked or who blocked `userId`, in one query (each typing relay asks, so
 * both directions are read together rather than in two round trips).
 */
export async function blockedEitherWayAmong(
  db: Kysely<Database>,
  userId: string,
  others: readonly string[],
): Promise<Set<string>> {
  if (others.length === 0) return new Set();
  const unique = [...new Set(others)];
  const rows = await db
    .selectFrom('blocks')
    .select(['blocker_id', 'blocked_id'])
    .where((eb) =>
      eb.or([
        eb.and([eb('blocker_id', '=', userId), eb('blocked_id', 'in', unique)]),
        eb.and([eb('blocked_id', '=', userId), eb('blocker_id', 'in', unique)]),
      ]),
    )
    .execute();
  return new Set(rows.map((r) => (r.blocker_id === userId ? r.blocked_id : r.blocker_id)));
}

/** Of `others`, those who have blocked `userId`. */
export async function blockersAmong(
  db: Kysely<Database>,
  userId: string,
  others: readonly string[],
): Promise<Set<string>> {
  if (others.length === 0) return new Set();
  const rows = await db
    .selectFrom('blocks')
    .select('blocker_id')
    .where('blocked_id', '=', userId)
    .where('blocker_id', 'in', [...new Set(others)])
    .execute();
  return new Set(rows.map((r) => r.blocker_id));
}

/** Everyone who has blocked `userId` (usually nobody). */
export async function blockersOf(db: Kysely<Database>, userId: string): Promise<Set<string>> {
  const rows = await db.selectFrom('blocks').select('blocker_id').where('blocked_id', '=', userId).execute();
  return new Set(rows.map((r) => r.blocker_id));
}

/** Whether `blocker` blocked `blocked`. */
export async function hasBlocked(db: Kysely<Database>, blocker: string, blocked: string): Promise<boolean> {
  return (await first(selectBlock(db, { blocker, blocked }))) !== undefined;
}

const selectBlock = prepared((db, a: { blocker: string; blocked: string }) =>
  db
    .selectFrom('blocks')
    .select('blocker_id')
    .where('blocker_id', '=', a.blocker)
    .where('blocked_id', '=', a.blocked),
);

/** What the blocker hears when they try to message the person they blocked. */
export function blockedError(): AppError {
  return new AppError('USER_BLOCKED', 'You blocked this person; unblock them to send messages.');
}
