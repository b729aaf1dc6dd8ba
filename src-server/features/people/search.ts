import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { UserSummary } from '../../../src-shared/domain.ts';
import { AppError } from '../../../src-shared/errors.ts';
import { LIMITS } from '../../../src-shared/limits.ts';
import type { Database } from '../../store/schema.ts';
import { selectUserSummaries, toUserSummary } from './user-view.ts';

export type SearchQuery = { kind: 'suggestions' } | { kind: 'search'; needle: string };

/** Blank means suggestions; otherwise the trimmed, lower-cased text, at least the minimum length. */
export function parseSearchQuery(raw: string): SearchQuery {
  const needle = raw.trim().toLowerCase();
  if (needle.length === 0) return { kind: 'suggestions' };
  if ([...needle].length < LIMITS.userSearchMinChars) {
    throw new AppError('QUERY_TOO_SHORT', `Type at least ${LIMITS.userSearchMinChars} characters to search.`);
  }
  return { kind: 'search', needle };
}

/** Escapes LIKE's wildcards so that "%" and "_" typed by a user match only themselves (with ESCAPE '\'). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Who the caller might want to message before typing anything: the people they follow (most recently
 * followed first), then people who follow them, then the newest accounts. Never the caller.
 */
export async function suggestUsers(db: Kysely<Database>, viewerId: string): Promise<UserSummary[]> {
  const rows = await selectUserSummaries(db)
    .leftJoin('user_follows as mine', (join) =>
      join.onRef('mine.followee_id', '=', 'users.id').on('mine.follower_id', '=', viewerId),
    )
    .leftJoin('user_follows as theirs', (join) =>
      join.onRef('theirs.follower_id', '=', 'users.id').on('theirs.followee_id', '=', viewerId),
    )
    .where('users.id', '<>', viewerId)
    .orderBy(sql`case when mine.follower_id is null then 1 else 0 end`)
    .orderBy(sql`case when theirs.follower_id is null then 1 else 0 end`)
    // Only followed rows differ here: for the others it is null everywhere, which sorts the same on both stores.
    .orderBy('mine.created_at', 'desc')
    .orderBy('users.created_at', 'desc')
    .orderBy('users.id', 'desc')
    .limit(LIMITS.userSearchMaxResults)
    .execute();
  return rows.map(toUserSummary);
}

/**
 * Case-insensitive search over display name, username and claimed producer page name, ranked in tiers:
 *   0. an exact match of any of the three;
 *   1. the display name or the username starts with the query ("be" → "Beat Smith", "bella_m");
 *   2. a later word of the display name, or the producer page name or one of its words, starts with it
 *      ("be" → "Lou Bernard", the producer behind "Kaito Beats");
 *   3. the query appears anywhere else ("be" → "Robbe Nash").
 * Within a tier, people the caller follows come first, then by display name. A person is found by their
 * own name before the name of a page they run: searching for someone is how a conversation starts.
 * Portable SQL only (`lower(x) like ? escape '\'`), so SQLite and PostgreSQL agree; note SQLite's lower()
 * folds ASCII letters only.
 */
export async function searchUsers(
  db: Kysely<Database>,
  viewerId: string,
  needle: string,
): Promise<UserSummary[]> {
  const escaped = escapeLike(needle);
  const contains = `%${escaped}%`;
  const starts = `${escaped}%`;
  const wordStarts = `% ${escaped}%`;
  const displayName = sql`lower(users.display_name)`;
  const username = sql`lower(users.username)`;
  const producerName = sql`lower(producer_pages.name)`;
  const like = (column: typeof displayName, pattern: string) =>
    sql<boolean>`${column} like ${pattern} escape '\\'`;

  const tier = sql`case
    when ${username} = ${needle} or ${displayName} = ${needle} or ${producerName} = ${needle} then 0
    when ${like(displayName, starts)} or ${like(username, starts)} then 1
    when ${like(displayName, wordStarts)} or ${like(producerName, starts)} or ${like(producerName, wordStarts)} then 2
    else 3 end`;

  const rows = await selectUserSummaries(db)
    .leftJoin('user_follows as mine', (join) =>
      join.onRef('mine.followee_id', '=', 'users.id').on('mine.follower_id', '=', viewerId),
    )
    .where('users.id', '<>', viewerId)
    .where(
      sql<boolean>`(${like(displayName, contains)} or ${like(username, contains)} or ${like(producerName, contains)})`,
    )
    .orderBy(tier)
    .orderBy(sql`case when mine.follower_id is null then 1 else 0 end`)
    .orderBy(displayName)
    .orderBy('users.id')
    .limit(LIMITS.userSearchMaxResults)
    .execute();
  return rows.map(toUserSummary);
}
