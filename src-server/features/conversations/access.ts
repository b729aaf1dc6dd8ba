import type { Kysely } from 'kysely';
import { AppError } from '../../../src-shared/errors.ts';
import type { Work } from '../../events/unit-of-work.ts';
import { newId } from '../../ids.ts';
import { memoizedRow, rememberRow } from '../../store/direct-sqlite.ts';
import { first, prepared } from '../../store/prepared.ts';
import type { ConversationsTable, Database, ParticipantsTable } from '../../store/schema.ts';
import { buildConversationView } from './view.ts';

// Every request on a conversation starts with these two: built and compiled once (see store/prepared.ts).
// Columns by name, not `*`, so that PostgreSQL can keep them prepared (store/pg-named-statements.ts); a
// column added to the schema and not here fails the type check where the rows become Membership.
const selectConversation = prepared((db, a: { conversationId: string }) =>
  db
    .selectFrom('conversations')
    .select([
      'id',
      'kind',
      'title',
      'direct_key',
      'team_id',
      'status',
      'requester_id',
      'created_by',
      'last_seq',
      'last_message_id',
      'last_activity_at',
      'created_at',
    ])
    .where('id', '=', a.conversationId),
);
const selectParticipants = prepared((db, a: { conversationId: string }) =>
  db
    .selectFrom('participants')
    .select([
      'conversation_id',
      'user_id',
      'last_read_seq',
      'delivered_seq',
      'marked_unread',
      'hidden',
      'joined_at',
    ])
    .where('conversation_id', '=', a.conversationId),
);

export interface Membership {
  conversation: ConversationsTable;
  participant: ParticipantsTable;
  /** Shared with later reads through the read memo: never changed in place. */
  readonly participants: readonly ParticipantsTable[];
}

/**
 * Loads a conversation the caller takes part in, or answers NOT_FOUND: a conversation you are not in is
 * indistinguishable from one that does not exist. Team chats are first brought in line with the team.
 */
export async function requireMembership(
  work: Work,
  userId: string,
  conversationId: string,
): Promise<Membership> {
  const { trx } = work;
  // Both are read by every request on a conversation, and a send changes both: remembered per
  // conversation while no write reaches them, and written through by the send (store/read-memo.ts).
  const conversation = await memoizedRow(trx, 'conversations', conversationId, () =>
    first(selectConversation(trx, { conversationId })),
  );
  if (!conversation) throw new AppError('NOT_FOUND', 'No such conversation.');
  if (conversation.kind === 'team' && conversation.team_id) await syncTeamParticipants(work, conversation);
  const participants = await memoizedRow(
    trx,
    'participants',
    conversationId,
    async () => (await selectParticipants(trx, { conversationId })).rows,
  );
  const participant = participants.find((p) => p.user_id === userId);
  if (!participant) throw new AppError('NOT_FOUND', 'No such conversation.');
  return { conversation, participant, participants };
}

/**
 * `requireMembership`'s checks on rows the caller read itself (one query with more in it: the send on
 * PostgreSQL, features/messages/send-reads.ts): NOT_FOUND for no conversation or when `userId` is not in
 * it. A team chat is first brought in line with its team, and its participants read again.
 */
export async function membershipOf(
  work: Work,
  userId: string,
  conversation: ConversationsTable | undefined,
  participants: readonly ParticipantsTable[],
): Promise<Membership> {
  if (!conversation) throw new AppError('NOT_FOUND', 'No such conversation.');
  let current = participants;
  if (conversation.kind === 'team' && conversation.team_id) {
    await syncTeamParticipants(work, conversation);
    current = (await selectParticipants(work.trx, { conversationId: conversation.id })).rows;
  }
  const participant = current.find((p) => p.user_id === userId);
  if (!participant) throw new AppError('NOT_FOUND', 'No such conversation.');
  return { conversation, participant, participants: current };
}

/**
 * The conversation's row as the caller has just written it in this transaction, for `requireMembership`'s
 * next read (store/read-memo.ts): it must be exactly the row SQLite now holds. Never mutated afterwards.
 */
export function rememberConversation(trx: Kysely<Database>, conversation: ConversationsTable): void {
  rememberRow(trx, 'conversations', conversation.id, conversation);
}

/** The same for the conversation's participants, all of them, as the caller has just written them. */
export function rememberParticipants(
  trx: Kysely<Database>,
  conversationId: string,
  participants: readonly ParticipantsTable[],
): void {
  rememberRow(trx, 'participants', conversationId, participants);
}

/**
 * Makes a team chat's participants exactly the team's current members: newcomers join (and see the chat),
 * leavers are removed (and it disappears for them). Emits the changes.
 */
export async function syncTeamParticipants(work: Work, conversation: ConversationsTable): Promise<void> {
  const { trx, now } = work;
  if (!conversation.team_id) return;
  const members = await trx
    .selectFrom('team_members')
    .select('user_id')
    .where('team_id', '=', conversation.team_id)
    .execute();
  const participants = await trx
    .selectFrom('participants')
    .select('user_id')
    .where('conversation_id', '=', conversation.id)
    .execute();
  const memberIds = new Set(members.map((m) => m.user_id));
  const participantIds = new Set(participants.map((p) => p.user_id));
  const joined = [...memberIds].filter((id) => !participantIds.has(id));
  const left = [...participantIds].filter((id) => !memberIds.has(id));
  if (joined.length === 0 && left.length === 0) return;

  for (const userId of joined) {
    await trx
      .insertInto('participants')
      .values({
        conversation_id: conversation.id,
        user_id: userId,
        // Newcomers start with the history read: the backlog is not news to them.
        last_read_seq: conversation.last_seq,
        delivered_seq: conversation.last_seq,
        marked_unread: 0,
        hidden: 0,
        joined_at: now,
      })
      .execute();
  }
  if (left.length > 0) {
    await trx
      .deleteFrom('participants')
      .where('conversation_id', '=', conversation.id)
      .where('user_id', 'in', left)
      .execute();
    await work.emitAll(left, {
      type: 'conversation.removed',
      conversationId: conversation.id,
      reason: 'left',
    });
  }
  for (const userId of memberIds) {
    await work.emit(userId, {
      type: 'conversation.updated',
      conversation: await buildConversationView(trx, userId, conversation),
    });
  }
}

/** Team chats for every team the user belongs to, created if missing and synced with the team. */
export async function ensureTeamChats(work: Work, userId: string): Promise<void> {
  const { trx, now } = work;
  const teams = await trx
    .selectFrom('team_members')
    .innerJoin('teams', 'teams.id', 'team_members.team_id')
    .leftJoin('conversations', 'conversations.team_id', 'teams.id')
    .select([
      'teams.id as teamId',
      'teams.name as name',
      'teams.owner_id as ownerId',
      'conversations.id as conversationId',
    ])
    .where('team_members.user_id', '=', userId)
    .execute();
  // Team chats the user still sits in but whose team they have left (e.g. removed by an admin tool):
  // syncing them removes the user, so the list never shows a team chat to a non-member.
  const memberOf = new Set(teams.map((t) => t.teamId));
  const stale = await trx
    .selectFrom('participants')
    .innerJoin('conversations', 'conversations.id', 'participants.conversation_id')
    .selectAll('conversations')
    .where('participants.user_id', '=', userId)
    .where('conversations.kind', '=', 'team')
    .execute();
  for (const conversation of stale) {
    if (conversation.team_id && !memberOf.has(conversation.team_id))
      await syncTeamParticipants(work, conversation);
  }
  for (const team of teams) {
    let conversation: ConversationsTable | undefined;
    if (team.conversationId) {
      conversation = await trx
        .selectFrom('conversations')
        .selectAll()
        .where('id', '=', team.conversationId)
        .executeTakeFirst();
    } else {
      conversation = await createTeamConversation(trx, team.teamId, team.name, team.ownerId, now);
    }
    if (conversation) await syncTeamParticipants(work, conversation);
  }
}

export async function createTeamConversation(
  trx: Kysely<Database>,
  teamId: string,
  name: string,
  ownerId: string,
  now: number,
): Promise<ConversationsTable> {
  const row: ConversationsTable = {
    id: newId(),
    kind: 'team',
    title: name,
    direct_key: null,
    team_id: teamId,
    status: 'accepted',
    requester_id: null,
    created_by: ownerId,
    last_seq: 0,
    last_message_id: null,
    last_activity_at: now,
    created_at: now,
  };
  await trx.insertInto('conversations').values(row).execute();
  return row;
}

export function directKey(a: string, b: string): string {
  return a < b ? `${a}:${b}` : `${b}:${a}`;
}
