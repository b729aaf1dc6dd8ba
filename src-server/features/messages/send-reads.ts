import type { Work } from '../../events/unit-of-work.ts';
import { memoized, readsAreMemoized } from '../../store/direct-sqlite.ts';
import { first, prepared } from '../../store/prepared.ts';
import type { ConversationsTable, ParticipantsTable } from '../../store/schema.ts';
import { blocksBetween } from '../consent/blocks.ts';
import type { PairBlocks } from '../consent/blocks.ts';
import { membershipOf, requireMembership } from '../conversations/access.ts';
import type { Membership } from '../conversations/access.ts';

/** What a send checks before it stores anything. */
export interface SendReads {
  membership: Membership;
  /** Moderators muted the author in the community. */
  authorMuted: boolean;
  /** Whether the author blocked `other`, and whether `other` blocked the author. */
  blocksWith(other: string): Promise<PairBlocks>;
}

/**
 * The conversation, its participants, the author's community mute and the blocks between the author and
 * each participant.
 *
 * Inside a group commit on SQLite each comes from the read memo, so they are read one by one (and most
 * cost nothing). Everywhere else, on PostgreSQL above all, every read is a round trip, and a profile of a
 * node put about a third of its busy time in the socket writes of those round trips: there they are one
 * query (docs/deploy.md, "Throughput on PostgreSQL").
 */
export function readForSend(w: Work, userId: string, conversationId: string): Promise<SendReads> {
  return readsAreMemoized(w.trx)
    ? readForSendOneByOne(w, userId, conversationId)
    : readForSendInOneQuery(w, userId, conversationId);
}

/** `readForSend` where reads are round trips. */
export async function readForSendInOneQuery(
  w: Work,
  userId: string,
  conversationId: string,
): Promise<SendReads> {
  const { rows } = await selectForSend(w.trx, { conversationId, userId });
  const head = rows[0];
  const conversation = head ? conversationOf(head) : undefined;
  const participants = rows.flatMap((row) => {
    const participant = participantOf(row);
    return participant ? [participant] : [];
  });
  const membership = await membershipOf(w, userId, conversation, participants);
  const flags = new Map(rows.map((row) => [row.p_user_id, row]));
  return {
    membership,
    authorMuted: truthy(head?.author_muted),
    async blocksWith(other) {
      const row = flags.get(other);
      // Not among the rows read (a team chat's participants were just brought in line): ask.
      if (!row) return blocksBetween(w.trx, userId, other);
      return { aBlockedB: truthy(row.author_blocks), bBlockedA: truthy(row.blocks_author) };
    },
  };
}

/** `readForSend` where the read memo answers. */
export async function readForSendOneByOne(
  w: Work,
  userId: string,
  conversationId: string,
): Promise<SendReads> {
  const membership = await requireMembership(w, userId, conversationId);
  // Read for every send, changed almost never: remembered while no write touches it (store/read-memo.ts).
  const author = await memoized(w.trx, `muted:${userId}`, MUTED_DEPENDS_ON, () =>
    first(selectMuted(w.trx, { userId })),
  );
  if (!author) throw new Error(`send: no user ${userId}`);
  return {
    membership,
    authorMuted: truthy(author.community_muted),
    blocksWith: (other) => blocksBetween(w.trx, userId, other),
  };
}

/** SQLite answers 0 / 1 and PostgreSQL booleans (EXISTS) or integers (the flag columns). */
function truthy(value: unknown): boolean {
  return value === true || Number(value) === 1;
}

const MUTED_DEPENDS_ON = [{ table: 'users', columns: ['community_muted'] }] as const;
const selectMuted = prepared((db, a: { userId: string }) =>
  db.selectFrom('users').select('community_muted').where('id', '=', a.userId),
);

/**
 * One row per participant (one row with no participant when there is none), each with the conversation's
 * columns, the author's mute flag and the blocks between the author and that participant. Columns by name
 * (store/pg-named-statements.ts: a prepared statement must not change its result's shape).
 */
const selectForSend = prepared((db, a: { conversationId: string; userId: string }) =>
  db
    .selectFrom('conversations as c')
    .leftJoin('participants as p', 'p.conversation_id', 'c.id')
    .select([
      'c.id as c_id',
      'c.kind as c_kind',
      'c.title as c_title',
      'c.direct_key as c_direct_key',
      'c.team_id as c_team_id',
      'c.status as c_status',
      'c.requester_id as c_requester_id',
      'c.created_by as c_created_by',
      'c.last_seq as c_last_seq',
      'c.last_message_id as c_last_message_id',
      'c.last_activity_at as c_last_activity_at',
      'c.created_at as c_created_at',
      'p.user_id as p_user_id',
      'p.last_read_seq as p_last_read_seq',
      'p.delivered_seq as p_delivered_seq',
      'p.marked_unread as p_marked_unread',
      'p.hidden as p_hidden',
      'p.joined_at as p_joined_at',
    ])
    .select((eb) => [
      eb.selectFrom('users as u').select('u.community_muted').where('u.id', '=', a.userId).as('author_muted'),
      eb
        .exists(
          eb
            .selectFrom('blocks as b')
            .select('b.blocker_id')
            .where('b.blocker_id', '=', a.userId)
            .whereRef('b.blocked_id', '=', 'p.user_id'),
        )
        .as('author_blocks'),
      eb
        .exists(
          eb
            .selectFrom('blocks as b')
            .select('b.blocker_id')
            .whereRef('b.blocker_id', '=', 'p.user_id')
            .where('b.blocked_id', '=', a.userId),
        )
        .as('blocks_author'),
    ])
    .where('c.id', '=', a.conversationId),
);

type SendRow = Awaited<ReturnType<typeof selectForSend>>['rows'][number];

function conversationOf(row: SendRow): ConversationsTable {
  return {
    id: row.c_id,
    kind: row.c_kind,
    title: row.c_title,
    direct_key: row.c_direct_key,
    team_id: row.c_team_id,
    status: row.c_status,
    requester_id: row.c_requester_id,
    created_by: row.c_created_by,
    last_seq: row.c_last_seq,
    last_message_id: row.c_last_message_id,
    last_activity_at: row.c_last_activity_at,
    created_at: row.c_created_at,
  };
}

/** The row's participant; null for the one row of a conversation with none (the left join's nulls). */
function participantOf(row: SendRow): ParticipantsTable | null {
  const { p_user_id: userId, p_last_read_seq: lastRead, p_delivered_seq: delivered } = row;
  const { p_marked_unread: markedUnread, p_hidden: hidden, p_joined_at: joinedAt } = row;
  if (userId === null) return null;
  if (
    lastRead === null ||
    delivered === null ||
    markedUnread === null ||
    hidden === null ||
    joinedAt === null
  )
    throw new Error(`send: participant ${userId} of ${row.c_id} has empty columns`);
  return {
    conversation_id: row.c_id,
    user_id: userId,
    last_read_seq: lastRead,
    delivered_seq: delivered,
    marked_unread: markedUnread,
    hidden,
    joined_at: joinedAt,
  };
}
