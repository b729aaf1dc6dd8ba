import { AppError } from '../../../src-shared/errors.ts';
import type { OpHandlers, ServerContext } from '../../context.ts';
import type { Work } from '../../events/unit-of-work.ts';
import { newId } from '../../ids.ts';
import type { TeamsTable } from '../../store/schema.ts';
import { createTeamConversation, ensureTeamChats, syncTeamParticipants } from '../conversations/access.ts';
import { requireUser } from '../people/profile.ts';
import { loadTeam, loadTeams, parseTeamName, requireTeamMember } from './team-view.ts';

type Ops = 'teams.list' | 'teams.create' | 'teams.addMember' | 'teams.removeMember';

/**
 * Teams and their membership. Every membership change ends with syncTeamChat, in the same transaction, so
 * the team chat's participants are always the team's members: joiners see the chat, leavers lose it.
 */
export function teamHandlers(ctx: ServerContext): Pick<OpHandlers, Ops> {
  const { work } = ctx;

  return {
    'teams.list': (caller) =>
      work.run(async (w) => {
        await ensureTeamChats(w, caller.userId);
        const mine = await w.trx
          .selectFrom('team_members')
          .select('team_id')
          .where('user_id', '=', caller.userId)
          .execute();
        return {
          teams: await loadTeams(
            w.trx,
            mine.map((m) => m.team_id),
          ),
        };
      }),

    'teams.create': (caller, params) =>
      work.run(async (w) => {
        const name = parseTeamName(params.name);
        const others = [...new Set(params.memberIds)].filter((id) => id !== caller.userId);
        if (others.length > 0) {
          const found = await w.trx.selectFrom('users').select('id').where('id', 'in', others).execute();
          if (found.length !== others.length)
            throw new AppError('NOT_FOUND', 'One of those people does not exist.');
        }
        const team: TeamsTable = { id: newId(), name, owner_id: caller.userId, created_at: w.now };
        await w.trx.insertInto('teams').values(team).execute();
        await w.trx
          .insertInto('team_members')
          .values(
            [caller.userId, ...others].map((userId) => ({
              team_id: team.id,
              user_id: userId,
              joined_at: w.now,
            })),
          )
          .execute();
        await syncTeamChat(w, team);
        return { team: await loadTeam(w.trx, team.id) };
      }),

    'teams.addMember': (caller, { teamId, userId }) =>
      work.run(async (w) => {
        const team = await requireTeamMember(w.trx, teamId, caller.userId);
        if (team.owner_id !== caller.userId)
          throw new AppError('FORBIDDEN', 'Only the team owner can add members.');
        await requireUser(w.trx, userId);
        await w.trx
          .insertInto('team_members')
          .values({ team_id: teamId, user_id: userId, joined_at: w.now })
          .onConflict((oc) => oc.columns(['team_id', 'user_id']).doNothing())
          .execute();
        await syncTeamChat(w, team);
        return { team: await loadTeam(w.trx, teamId) };
      }),

    'teams.removeMember': (caller, { teamId, userId }) =>
      work.run(async (w) => {
        const team = await requireTeamMember(w.trx, teamId, caller.userId);
        const isOwner = team.owner_id === caller.userId;
        if (userId === caller.userId && isOwner) {
          // A team always has its owner; there is no transfer of ownership to fall back on.
          throw new AppError('FORBIDDEN', 'The owner cannot leave their own team.');
        }
        if (userId !== caller.userId && !isOwner)
          throw new AppError('FORBIDDEN', 'Only the team owner can remove other members.');
        // Removing someone who is not (or no longer) a member changes nothing: retries are safe.
        await w.trx
          .deleteFrom('team_members')
          .where('team_id', '=', teamId)
          .where('user_id', '=', userId)
          .execute();
        await syncTeamChat(w, team);
        return { team: await loadTeam(w.trx, teamId) };
      }),
  };
}

/** Finds (or creates, for teams that predate their chat) the team chat and makes its participants the members. */
async function syncTeamChat(w: Work, team: TeamsTable): Promise<void> {
  const existing = await w.trx
    .selectFrom('conversations')
    .selectAll()
    .where('team_id', '=', team.id)
    .executeTakeFirst();
  const conversation =
    existing ?? (await createTeamConversation(w.trx, team.id, team.name, team.owner_id, w.now));
  await syncTeamParticipants(w, conversation);
}
