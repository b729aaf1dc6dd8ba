import type { UserSummary } from '../../../src-shared/domain.ts';
import type { Db } from '../../store/database.ts';
import type { Database } from '../../store/schema.ts';
import type { Kysely } from 'kysely';

/** The columns a UserSummary is built from (users joined with their claimed producer page). */
export function selectUserSummaries(db: Kysely<Database>) {
  return db
    .selectFrom('users')
    .leftJoin('producer_pages', 'producer_pages.claimed_by_user_id', 'users.id')
    .select([
      'users.id as id',
      'users.username as username',
      'users.display_name as displayName',
      'users.role as role',
      'producer_pages.id as producerPageId',
      'producer_pages.name as producerName',
    ]);
}

export interface UserSummaryRow {
  id: string;
  username: string;
  displayName: string;
  role: UserSummary['role'];
  producerPageId: string | null;
  producerName: string | null;
}

export function toUserSummary(row: UserSummaryRow): UserSummary {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role,
    producerPageId: row.producerPageId,
    producerName: row.producerName,
  };
}

export async function loadUserSummaries(
  db: Kysely<Database>,
  ids: readonly string[],
): Promise<Map<string, UserSummary>> {
  const map = new Map<string, UserSummary>();
  if (ids.length === 0) return map;
  const rows = await selectUserSummaries(db)
    .where('users.id', 'in', [...new Set(ids)])
    .execute();
  for (const row of rows) map.set(row.id, toUserSummary(row));
  return map;
}

export async function loadUserSummary(db: Db, id: string): Promise<UserSummary | null> {
  const row = await selectUserSummaries(db).where('users.id', '=', id).executeTakeFirst();
  return row ? toUserSummary(row) : null;
}
