import { AppError } from '../../../src-shared/errors.ts';
import type { OpHandlers, HandlerContext } from '../../context.ts';
import type { Work } from '../../events/unit-of-work.ts';
import { newId } from '../../ids.ts';
import type { ConversationsTable, TeamsTable } from '../../store/schema.ts';
import { invite, recordLeft, splitByConsent, withdrawInvitation } from '../consent/invitations.ts';
import { announceToParticipants } from '../conversations/announce.ts';
import { createTeamConversation, ensureTeamChats, syncTeamParticipants } from '../conversations/access.ts';
import { requireUser } from '../people/profile.ts';
import { loadTeam, loadTeams, parseTeamName, requireTeamMember } from './team-view.ts';

type Ops = 'teams.list' | 'teams.create' | 'teams.addMember' | 'teams.removeMember';

/**
 * Teams and their membership. Every membership change ends with syncTeamChat, in the same transaction, so
 * the team chat's participants are always the team's members: joiners see the chat, leavers lose it.
 * Adding someone who has not accepted the owner sends them an invitation to the team chat; they join the
 * team when they accept it (`conversations.accept`).
 */
export function teamHandlers(ctx: HandlerContext): Pick<OpHandlers, Ops> {
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
        // People who have accepted the owner join at once; everyone else is invited (see splitByConsent).
        const { members, invitees } = await splitByConsent(w.trx, caller.userId, others, null);
        await w.trx
          .insertInto('team_members')
          .values(
            [caller.userId, ...members].map((userId) => ({
              team_id: team.id,
              user_id: userId,
              joined_at: w.now,
            })),
          )
          .execute();
        const chat = await syncTeamChat(w, team);
        await invite(w, chat, caller.userId, invitees);
        if (invitees.length > 0) await announceToParticipants(w, chat);
        return { team: await loadTeam(w.trx, team.id) };
      }),

    'teams.addMember': (caller, { teamId, userId }) =>
      work.run(async (w) => {
        const team = await requireTeamMember(w.trx, teamId, caller.userId);
        if (team.owner_id !== caller.userId)
          throw new AppError('FORBIDDEN', 'Only the team owner can add members.');
        await requireUser(w.trx, userId);
        const chat = await syncTeamChat(w, team);
        const already = await w.trx
          .selectFrom('team_members')
          .select('user_id')
          .where('team_id', '=', teamId)
          .where('user_id', '=', userId)
          .executeTakeFirst();
        if (!already && userId !== caller.userId) {
          // Someone who accepted the owner joins at once, unless they left or were removed before: then,
          // like everyone else, they get an invitation.
          const { members } = await splitByConsent(w.trx, caller.userId, [userId], chat.id);
          if (members.includes(userId)) {
            await w.trx
              .insertInto('team_members')
              .values({ team_id: teamId, user_id: userId, joined_at: w.now })
              .execute();
            await syncTeamParticipants(w, chat);
          } else {
            await invite(w, chat, caller.userId, [userId]);
            await announceToParticipants(w, chat);
          }
        }
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
        const chat = await syncTeamChat(w, team);
        // Removing someone who is not (or no longer) a member changes nothing: retries are safe.
        const removed = await w.trx
          .deleteFrom('team_members')
          .where('team_id', '=', teamId)
          .where('user_id', '=', userId)
          .executeTakeFirst();
        if (Number(removed.numDeletedRows) > 0) {
          // Adding them back takes a new invitation.
          await recordLeft(w, chat.id, userId, caller.userId);
          await syncTeamParticipants(w, chat);
        } else if (await withdrawInvitation(w, chat.id, userId)) {
          await announceToParticipants(w, chat);
        }
        return { team: await loadTeam(w.trx, teamId) };
      }),
  };
}

/** Finds (or creates, for teams that predate their chat) the team chat and makes its participants the members. */
async function syncTeamChat(w: Work, team: TeamsTable): Promise<ConversationsTable> {
  const existing = await w.trx
    .selectFrom('conversations')
    .selectAll()
    .where('team_id', '=', team.id)
    .executeTakeFirst();
  const conversation =
    existing ?? (await createTeamConversation(w.trx, team.id, team.name, team.owner_id, w.now));
  await syncTeamParticipants(w, conversation);
  return conversation;
}
