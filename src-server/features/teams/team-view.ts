import type { Kysely } from 'kysely';
import type { Team } from '../../../src-shared/domain.ts';
import { AppError } from '../../../src-shared/errors.ts';
import { LIMITS } from '../../../src-shared/limits.ts';
import type { Database, TeamsTable } from '../../store/schema.ts';
import { selectUserSummaries, toUserSummary } from '../people/user-view.ts';

/** A team name: trimmed, 1 to LIMITS.teamNameMaxChars characters (code points, as the UI counts them). */
export function parseTeamName(raw: string): string {
  const name = raw.trim();
  const length = [...name].length;
  if (length === 0 || length > LIMITS.teamNameMaxChars) {
    const message = length === 0 ? 'required' : `at most ${LIMITS.teamNameMaxChars} characters`;
    throw new AppError('VALIDATION_FAILED', `A team name has 1 to ${LIMITS.teamNameMaxChars} characters.`, {
      issues: [{ path: 'name', message }],
    });
  }
  return name;
}

/** The team, if `userId` belongs to it; otherwise NOT_FOUND, so outsiders cannot probe which teams exist. */
export async function requireTeamMember(
  db: Kysely<Database>,
  teamId: string,
  userId: string,
): Promise<TeamsTable> {
  const team = await db
    .selectFrom('teams')
    .innerJoin('team_members', 'team_members.team_id', 'teams.id')
    .selectAll('teams')
    .where('teams.id', '=', teamId)
    .where('team_members.user_id', '=', userId)
    .executeTakeFirst();
  if (!team) throw new AppError('NOT_FOUND', 'No such team.');
  return team;
}

/**
 * Teams with their members (owner first, then in joining order) and chat ids, sorted by name. Every team passed must already
 * have its chat: callers ensure it first (see ensureTeamChats / syncTeamChat).
 */
export async function loadTeams(db: Kysely<Database>, teamIds: readonly string[]): Promise<Team[]> {
  if (teamIds.length === 0) return [];
  const ids = [...new Set(teamIds)];
  const teams = await db.selectFrom('teams').selectAll().where('id', 'in', ids).execute();
  const chats = await db
    .selectFrom('conversations')
    .select(['id', 'team_id'])
    .where('team_id', 'in', ids)
    .execute();
  const members = await selectUserSummaries(db)
    .innerJoin('team_members', 'team_members.user_id', 'users.id')
    .select('team_members.team_id as teamId')
    .where('team_members.team_id', 'in', ids)
    .orderBy('team_members.joined_at')
    .orderBy('users.id')
    .execute();
  const invited = await selectUserSummaries(db)
    .innerJoin('invitations', 'invitations.user_id', 'users.id')
    .select('invitations.conversation_id as conversationId')
    .where('invitations.conversation_id', 'in', chats.length > 0 ? chats.map((c) => c.id) : [''])
    .where('invitations.state', '=', 'pending')
    .orderBy('invitations.created_at')
    .orderBy('users.id')
    .execute();
  const chatOf = new Map(chats.map((c) => [c.team_id, c.id]));
  const invitedTo = Map.groupBy(invited, (row) => row.conversationId);
  const membersOf = Map.groupBy(members, (row) => row.teamId);
  return teams
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
    .map((team) => {
      const conversationId = chatOf.get(team.id);
      if (!conversationId) throw new Error(`team ${team.id} has no chat: ensure it before loading`);
      // The owner first, then everyone else in joining order (the sort is stable).
      const members = (membersOf.get(team.id) ?? [])
        .map(toUserSummary)
        .sort((x, y) => Number(y.id === team.owner_id) - Number(x.id === team.owner_id));
      return {
        id: team.id,
        name: team.name,
        ownerId: team.owner_id,
        members,
        conversationId,
        invited: (invitedTo.get(conversationId) ?? []).map(toUserSummary),
      };
    });
}

export async function loadTeam(db: Kysely<Database>, teamId: string): Promise<Team> {
  const [team] = await loadTeams(db, [teamId]);
  if (!team) throw new AppError('NOT_FOUND', 'No such team.');
  return team;
}
