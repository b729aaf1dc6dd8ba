import type { Transaction } from 'kysely';
import type { Me, Role } from '../../src-shared/domain.ts';
import { AppError } from '../../src-shared/errors.ts';
import { LIMITS } from '../../src-shared/limits.ts';
import { appendEvent } from '../events/event-log.ts';
import { loadMe } from '../features/accounts/accounts.ts';
import { newId } from '../ids.ts';
import type { Db } from '../store/database.ts';
import type { Database, ProducerPagesTable, TeamsTable } from '../store/schema.ts';

/**
 * Operator actions with no path in the app: making a moderator, creating producer pages and teams, muting.
 * Used by the admin CLI, by tests and by demo seeding, so they take a plain database handle and nothing else.
 *
 * Changes a signed-in user must learn (their role, their claimed page) are appended to that user's event
 * log in the same transaction. Nothing here can wake a live socket (there may be no server in this
 * process), but the log is the record: the user's next event or reconnect delivers it in order.
 */

export async function findUserId(db: Db, username: string): Promise<string> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('username', '=', username.trim().toLowerCase())
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', `No user named "${username}".`);
  return row.id;
}

export async function setRole(db: Db, username: string, role: Role): Promise<Me> {
  const userId = await findUserId(db, username);
  return db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ role }).where('id', '=', userId).execute();
    return announceMe(trx, userId);
  });
}

export async function setCommunityMuted(db: Db, username: string, muted: boolean): Promise<Me> {
  const userId = await findUserId(db, username);
  return db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ community_muted: muted ? 1 : 0 })
      .where('id', '=', userId)
      .execute();
    return announceMe(trx, userId);
  });
}

export interface NewProducerPage {
  name: string;
  slug: string;
  bio?: string;
  claimedByUserId?: string | null;
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Creates an artist page, optionally claimed by a user. Claiming makes a plain user a `producer` (a
 * moderator keeps their role): the role is what the app shows, the claim is what grants page ownership.
 */
export async function createProducerPage(db: Db, page: NewProducerPage): Promise<ProducerPagesTable> {
  const name = page.name.trim();
  if (name.length === 0) throw new AppError('VALIDATION_FAILED', 'A producer page needs a name.');
  if (!SLUG.test(page.slug))
    throw new AppError(
      'VALIDATION_FAILED',
      `Invalid slug "${page.slug}": lower-case letters, digits and dashes.`,
    );
  const row: ProducerPagesTable = {
    id: newId(),
    name,
    slug: page.slug,
    bio: page.bio?.trim() ?? '',
    claimed_by_user_id: page.claimedByUserId ?? null,
    created_at: Date.now(),
  };
  return db.transaction().execute(async (trx) => {
    const taken = await trx
      .selectFrom('producer_pages')
      .select('id')
      .where('slug', '=', row.slug)
      .executeTakeFirst();
    if (taken) throw new AppError('VALIDATION_FAILED', `The slug "${row.slug}" is taken.`);
    if (row.claimed_by_user_id !== null) {
      const claimer = row.claimed_by_user_id;
      const user = await trx.selectFrom('users').select('role').where('id', '=', claimer).executeTakeFirst();
      if (!user) throw new AppError('NOT_FOUND', 'The claiming user does not exist.');
      const other = await trx
        .selectFrom('producer_pages')
        .select('slug')
        .where('claimed_by_user_id', '=', claimer)
        .executeTakeFirst();
      if (other)
        throw new AppError('VALIDATION_FAILED', `That user already claimed the page "${other.slug}".`);
      await trx.insertInto('producer_pages').values(row).execute();
      if (user.role === 'user')
        await trx.updateTable('users').set({ role: 'producer' }).where('id', '=', claimer).execute();
      await announceMe(trx, claimer);
    } else {
      await trx.insertInto('producer_pages').values(row).execute();
    }
    return row;
  });
}

export interface NewTeam {
  name: string;
  ownerId: string;
  memberIds?: readonly string[];
}

/**
 * Creates a team with its members and no chat: the server ensures each team's chat the next time a member
 * lists their conversations, which is also how teams that predate team chats get theirs.
 */
export async function createTeam(db: Db, team: NewTeam): Promise<TeamsTable> {
  const name = team.name.trim();
  if (name.length === 0 || [...name].length > LIMITS.teamNameMaxChars) {
    throw new AppError('VALIDATION_FAILED', `A team name has 1 to ${LIMITS.teamNameMaxChars} characters.`);
  }
  const now = Date.now();
  const row: TeamsTable = { id: newId(), name, owner_id: team.ownerId, created_at: now };
  const members = [...new Set([team.ownerId, ...(team.memberIds ?? [])])];
  return db.transaction().execute(async (trx) => {
    const found = await trx.selectFrom('users').select('id').where('id', 'in', members).execute();
    if (found.length !== members.length) throw new AppError('NOT_FOUND', 'A team member does not exist.');
    await trx.insertInto('teams').values(row).execute();
    await trx
      .insertInto('team_members')
      .values(members.map((userId) => ({ team_id: row.id, user_id: userId, joined_at: now })))
      .execute();
    return row;
  });
}

async function announceMe(trx: Transaction<Database>, userId: string): Promise<Me> {
  const me = await loadMe(trx, userId);
  await appendEvent(trx, userId, { type: 'me.updated', me }, Date.now());
  return me;
}
