import { AppError } from '../../../src-shared/errors.ts';
import type { Message } from '../../../src-shared/domain.ts';
import { LIMITS, messageLength } from '../../../src-shared/limits.ts';
import type { Caller, OpHandlers, HandlerContext } from '../../context.ts';
import type { Work } from '../../events/unit-of-work.ts';
import { newId } from '../../ids.ts';
import { first, prepared, preparedHeld } from '../../store/prepared.ts';
import type { ConversationsTable, ParticipantsTable } from '../../store/schema.ts';
import { blockedError, blockedEitherWayAmong } from '../consent/blocks.ts';
import { rememberConversation, rememberParticipants, requireMembership } from '../conversations/access.ts';
import { readForSend } from './send-reads.ts';
import type { SendReads } from './send-reads.ts';
import type { BlockPair } from '../consent/receipt-visibility.ts';
import { advanceWatermarks } from '../conversations/receipts.ts';
import { buildConversationView, toMessage } from '../conversations/view.ts';
import { loadUserSummary } from '../people/user-view.ts';
import { notify } from '../notifications/notify.ts';
import { loadHistory } from './history.ts';
import { storeMessage } from './store-message.ts';

type MessageOps = 'messages.send' | 'messages.history' | 'messages.delivered' | 'typing.set';

export function messageHandlers(ctx: HandlerContext): Pick<OpHandlers, MessageOps> {
  const { work } = ctx;
  /** When each (user, conversation) last had a "typing" relayed, to throttle chatty clients. */
  const lastTypingRelay = new Map<string, number>();

  return {
    'messages.send': async (caller, params) => {
      const body = params.body.trim();
      if (body.length === 0) throw new AppError('MESSAGE_EMPTY', 'A message cannot be empty.');
      if (messageLength(body) > LIMITS.messageMaxChars) {
        throw new AppError(
          'MESSAGE_TOO_LONG',
          `A message can be at most ${LIMITS.messageMaxChars} characters.`,
        );
      }
      const typingKey = `${caller.userId}:${params.conversationId}`;
      let outcome: { message: Message; recipients: string[] };
      try {
        // Queued before the first await: a socket's pipelined sends start one after another and must be
        // queued (and so take their seqs) in the order they arrived (realtime/request-pipeline.ts).
        outcome = await work.run(
          (w) => send(w, caller, params.conversationId, params.clientId, body),
          caller,
        );
      } catch (error) {
        // Idempotency: a resend of a stored message returns it, whatever has changed since — a rule may
        // refuse a new message now (muted, declined, left the team), and the unique index on
        // (author, client id) refused the row itself. Looked up only when the send failed, which a
        // resend always does, so a first send pays nothing for it.
        const unique = !(error instanceof AppError) && /unique|duplicate/i.test(String(error));
        if (error instanceof AppError || unique) {
          const original = await findByClientId(ctx, caller.userId, params.clientId);
          // Only the same author in the same conversation: a client id reused elsewhere is never an
          // answer, so a conversation the caller is not in is refused as usual (NOT_FOUND).
          if (original?.conversationId === params.conversationId) {
            lastTypingRelay.delete(typingKey);
            return { message: original, duplicate: true };
          }
          if (original && unique) {
            throw new AppError('VALIDATION_FAILED', 'This client id was already used for another message.', {
              issues: [{ path: 'clientId', message: 'already used for another message' }],
            });
          }
        }
        throw error;
      }
      ctx.hooks.messageCreated(outcome.message, outcome.recipients);
      lastTypingRelay.delete(typingKey);
      return { message: outcome.message, duplicate: false };
    },

    'messages.history': (caller, { conversationId, beforeSeq, limit }) =>
      work.run(async (w) => {
        await requireMembership(w, caller.userId, conversationId);
        return loadHistory(w.trx, conversationId, caller.userId, beforeSeq, limit ?? LIMITS.historyPageMax);
      }),

    'messages.delivered': (caller, { conversationId, upToSeq }) =>
      work.run(async (w) => {
        const { conversation, participants } = await requireMembership(w, caller.userId, conversationId);
        const upTo = Math.min(upToSeq, Number(conversation.last_seq));
        await advanceWatermarks(w, conversation, participants, caller.userId, { delivered: upTo });
        return { ok: true as const };
      }),

    'typing.set': async (caller, { conversationId, typing }) => {
      const recipients = await work.run(async (w) => {
        const { conversation, participants } = await requireMembership(w, caller.userId, conversationId);
        // Nothing ephemeral crosses a message request before it is accepted, either way.
        if (conversation.kind === 'direct' && conversation.status === 'pending') return [];
        const others = participants.map((p) => p.user_id).filter((id) => id !== caller.userId);
        // Nor between people when either blocked the other.
        const blocked = await blockedEitherWayAmong(w.trx, caller.userId, others);
        return others.filter((id) => !blocked.has(id));
      });
      if (recipients.length === 0) return { ok: true as const };
      const key = `${caller.userId}:${conversationId}`;
      const now = Date.now();
      if (typing) {
        const last = lastTypingRelay.get(key) ?? 0;
        if (now - last < LIMITS.typingThrottleMs) return { ok: true as const };
        lastTypingRelay.set(key, now);
      } else {
        lastTypingRelay.delete(key);
      }
      ctx.bus.publishEphemeral(recipients, {
        type: 'typing',
        conversationId,
        userId: caller.userId,
        typing,
        expiresAt: now + LIMITS.typingExpiryMs,
      });
      return { ok: true as const };
    },
  };
}

async function findByClientId(
  ctx: HandlerContext,
  authorId: string,
  clientId: string,
): Promise<Message | null> {
  const row = await first(selectByClientId(ctx.db, { authorId, clientId }));
  return row ? toMessage(row) : null;
}

// The send path's fixed-shape statements, built and compiled once (see store/prepared.ts).
const selectByClientId = prepared((db, a: { authorId: string; clientId: string }) =>
  db
    .selectFrom('messages')
    .selectAll()
    .where('author_id', '=', a.authorId)
    .where('client_id', '=', a.clientId),
);
/**
 * Held until a statement could see it (store/deferred-writes.ts): a conversation's sends in one group
 * commit write the author's mark once.
 */
const markOwnRead = preparedHeld((db, a: { seq: number; conversationId: string; userId: string }) =>
  db
    .updateTable('participants')
    .set({ last_read_seq: a.seq, delivered_seq: a.seq, marked_unread: 0 })
    .where('conversation_id', '=', a.conversationId)
    .where('user_id', '=', a.userId),
);

/** Checks every rule, stores the message, and records the events, all in the caller's transaction. */
async function send(
  w: Work,
  caller: Caller,
  conversationId: string,
  clientId: string,
  body: string,
): Promise<{ message: Message; recipients: string[] }> {
  // A resend fails here (a rule, or the unique index on (author, client id) at the insert) and the
  // handler returns the original: see 'messages.send'.
  const reads = await readForSend(w, caller.userId, conversationId);
  const { conversation, participants } = reads.membership;
  if (reads.authorMuted) {
    throw new AppError(
      'COMMUNITY_MUTED',
      'Moderators have muted you in the community, so you cannot send messages.',
    );
  }
  checkConversationAllowsSending(conversation, participants, caller.userId);
  const { withheldFrom, knownBlocks } = await withheldRecipient(
    reads,
    conversation,
    participants,
    caller.userId,
  );

  const id = newId();
  const lastSeq = Number(conversation.last_seq);
  const seq = await storeMessage(
    w,
    { id, conversationId, authorId: caller.userId, clientId, body, createdAt: w.now, withheldFrom },
    lastSeq,
  );
  const updated: ConversationsTable = {
    ...conversation,
    last_seq: seq,
    last_message_id: id,
    last_activity_at: w.now,
  };
  rememberConversation(w.trx, updated);
  const message: Message = {
    id,
    conversationId,
    seq,
    authorId: caller.userId,
    clientId,
    body,
    createdAt: w.now,
  };
  // Your own message is read and delivered by you, and replying reads what came before it. When that
  // passes messages from others, their "seen" marks and the author's unread count change: say so.
  const me = participants.find((p) => p.user_id === caller.userId);
  const hadUnread = Number(me?.last_read_seq ?? 0) < lastSeq;
  const wasMarkedUnread = Number(me?.marked_unread ?? 0) === 1;
  // Everyone the message reaches: not someone who blocked its author (they are not told either way).
  const audience = participants.filter((p) => p.user_id !== withheldFrom);
  // A new message brings a hidden conversation back for everyone who hid it.
  const unhidden = audience.filter((p) => Number(p.hidden) === 1).map((p) => p.user_id);
  if (hadUnread) {
    await advanceWatermarks(w, conversation, participants, caller.userId, { read: message.seq }, knownBlocks);
  }
  // advanceWatermarks has already set read and delivered to this message; only "marked unread" is left.
  if (!hadUnread || wasMarkedUnread) {
    await markOwnRead(w.trx, { seq: message.seq, conversationId, userId: caller.userId });
  }
  // The author's read state is now known without a query: read up to their own, newest, message.
  if (hadUnread || wasMarkedUnread) {
    await w.emit(caller.userId, {
      type: 'readstate.updated',
      conversationId,
      lastReadSeq: message.seq,
      markedUnread: false,
      unreadCount: 0,
    });
  }
  if (!hadUnread && unhidden.length === 0) {
    // Only markOwnRead wrote to the participants: the author's row is now known without a read.
    rememberParticipants(
      w.trx,
      conversationId,
      participants.map((p) =>
        p.user_id === caller.userId
          ? { ...p, last_read_seq: message.seq, delivered_seq: message.seq, marked_unread: 0 }
          : p,
      ),
    );
  }
  if (unhidden.length > 0) {
    await w.trx
      .updateTable('participants')
      .set({ hidden: 0 })
      .where('conversation_id', '=', conversationId)
      .where('user_id', 'in', unhidden)
      .execute();
  }

  const isNewRequest =
    conversation.kind === 'direct' && conversation.status === 'pending' && message.seq === 1;
  const recipients = audience.map((p) => p.user_id).filter((id) => id !== caller.userId);
  // Those who could not see the conversation until now get its summary first.
  for (const userId of new Set([...unhidden, ...(isNewRequest ? recipients : [])])) {
    await w.emit(userId, {
      type: 'conversation.updated',
      conversation: await buildConversationView(w.trx, userId, updated),
    });
  }
  await w.emitAll(
    audience.map((p) => p.user_id),
    { type: 'message.created', message },
  );
  if (isNewRequest) {
    const from = await loadUserSummary(w.trx, caller.userId);
    for (const userId of recipients) {
      if (from) await notify(w, userId, { kind: 'message_request', from, conversationId });
    }
  }
  return { message, recipients };
}

/**
 * In a direct conversation, the other person if they blocked the sender: the message is stored and acked
 * as usual (the sender is never told) but withheld from them. A sender who blocked the other person is
 * refused: they must unblock first. `knownBlocks`: every block between the two, once read here, so the
 * read receipts of the same send need not read them again (advanceWatermarks).
 */
async function withheldRecipient(
  reads: Pick<SendReads, 'blocksWith'>,
  conversation: ConversationsTable,
  participants: readonly ParticipantsTable[],
  senderId: string,
): Promise<{ withheldFrom: string | null; knownBlocks?: BlockPair[] }> {
  if (conversation.kind !== 'direct') return { withheldFrom: null };
  const other = participants.find((p) => p.user_id !== senderId)?.user_id;
  if (!other) return { withheldFrom: null };
  const blocks = await reads.blocksWith(other);
  if (blocks.aBlockedB) throw blockedError();
  const withheldFrom = blocks.bBlockedA ? other : null;
  // The pair's blocks are all the blocks among the participants only when they are exactly these two.
  if (participants.length !== 2) return { withheldFrom };
  return {
    withheldFrom,
    knownBlocks: withheldFrom === null ? [] : [{ blocker_id: other, blocked_id: senderId }],
  };
}

export function checkConversationAllowsSending(
  conversation: ConversationsTable,
  participants: readonly ParticipantsTable[],
  userId: string,
): void {
  switch (conversation.kind) {
    case 'team':
      if (participants.length < 2) {
        throw new AppError(
          'TEAM_CHAT_DISABLED',
          'This team chat is disabled until the team has at least 2 members.',
        );
      }
      return;
    case 'group':
      return;
    case 'direct':
      switch (conversation.status) {
        case 'accepted':
          return;
        case 'declined':
          throw new AppError('REQUEST_DECLINED', 'This message request was declined.');
        case 'pending':
          if (conversation.requester_id !== userId) {
            throw new AppError('REQUEST_NOT_ACCEPTED', 'Accept the message request before replying.');
          }
          if (Number(conversation.last_seq) > 0) {
            throw new AppError(
              'REQUEST_PENDING',
              'Your message request has not been accepted yet; you can send more once it is.',
            );
          }
          return;
      }
  }
}
