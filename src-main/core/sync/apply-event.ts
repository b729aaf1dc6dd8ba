import type { AppNotification, Me, Message, NotificationPrefs } from '../../../src-shared/domain.ts';
import { assertNever } from '../../../src-shared/errors.ts';
import type { UserEvent } from '../../../src-shared/protocol.ts';
import type { Cache } from '../cache/cache.ts';

/** What applying an event changed, for the core to tell the UI, the shell and the outbox after commit. */
export type SyncEffect =
  | { kind: 'conversation.changed'; conversationId: string }
  | { kind: 'conversation.removed'; conversationId: string }
  /** A message arrived for a conversation the cache does not have: fetch it. */
  | { kind: 'conversation.missing'; conversationId: string }
  /** A message stored for the first time. */
  | { kind: 'message.stored'; message: Message; fromOthers: boolean }
  /** One of the user's outbox messages is on the server (the event came before, or instead of, the ack). */
  | { kind: 'outbox.settled'; clientId: string; message: Message }
  | { kind: 'read.changed'; conversationId: string; unreadCount: number; markedUnread: boolean }
  | { kind: 'receipts.changed'; conversationId: string }
  | { kind: 'notification.created'; notification: AppNotification }
  | { kind: 'notifications.read'; unreadCount: number }
  | { kind: 'follow.changed'; followerId: string; followeeId: string; following: boolean }
  | { kind: 'me.changed'; me: Me }
  | { kind: 'prefs.changed'; prefs: NotificationPrefs }
  | { kind: 'moderation.changed'; openReports: number };

export const META_ME = 'me';
export const META_PREFS = 'prefs';

/** Stores a message and its consequences (outbox, conversation summary). Shared by events and acks. */
export function storeMessage(cache: Cache, meId: string, message: Message, effects: SyncEffect[]): void {
  const mine = message.authorId === meId;
  const stored = cache.messages.insert(message);
  if (mine && cache.outbox.remove(message.clientId)) {
    effects.push({ kind: 'outbox.settled', clientId: message.clientId, message });
  }
  if (!cache.conversations.noteMessage(message, !mine)) {
    effects.push({ kind: 'conversation.missing', conversationId: message.conversationId });
  } else {
    effects.push({ kind: 'conversation.changed', conversationId: message.conversationId });
  }
  if (stored) effects.push({ kind: 'message.stored', message, fromOthers: !mine });
}

/**
 * Applies one user event to the cache. Idempotent: messages are keyed by server id, snapshots overwrite,
 * receipt watermarks only grow. Call inside a transaction together with recording the event's seq.
 */
export function applyEvent(cache: Cache, meId: string, event: UserEvent): SyncEffect[] {
  const effects: SyncEffect[] = [];
  switch (event.type) {
    case 'message.created':
      storeMessage(cache, meId, event.message, effects);
      break;
    case 'conversation.updated':
      cache.conversations.upsert(event.conversation);
      effects.push({ kind: 'conversation.changed', conversationId: event.conversation.id });
      break;
    case 'conversation.removed':
      if (event.reason === 'left') {
        cache.conversations.delete(event.conversationId);
        cache.messages.deleteConversation(event.conversationId);
      } else {
        cache.conversations.setHidden(event.conversationId, true);
      }
      effects.push({ kind: 'conversation.removed', conversationId: event.conversationId });
      break;
    case 'readstate.updated':
      if (cache.conversations.has(event.conversationId)) {
        cache.conversations.setReadState(event.conversationId, event);
        effects.push({ kind: 'conversation.changed', conversationId: event.conversationId });
      }
      effects.push({
        kind: 'read.changed',
        conversationId: event.conversationId,
        unreadCount: event.unreadCount,
        markedUnread: event.markedUnread,
      });
      break;
    case 'receipts.updated':
      if (cache.conversations.has(event.conversationId)) {
        cache.conversations.setReceipts(event.conversationId, event.othersReadSeq, event.othersDeliveredSeq);
        effects.push({ kind: 'conversation.changed', conversationId: event.conversationId });
        effects.push({ kind: 'receipts.changed', conversationId: event.conversationId });
      }
      break;
    case 'follow.changed':
      effects.push({
        kind: 'follow.changed',
        followerId: event.followerId,
        followeeId: event.followeeId,
        following: event.following,
      });
      break;
    case 'notification.created':
      effects.push({ kind: 'notification.created', notification: event.notification });
      break;
    case 'notifications.read':
      effects.push({ kind: 'notifications.read', unreadCount: event.unreadCount });
      break;
    case 'me.updated':
      cache.meta.set(META_ME, JSON.stringify(event.me));
      effects.push({ kind: 'me.changed', me: event.me });
      break;
    case 'prefs.updated':
      cache.meta.set(META_PREFS, JSON.stringify(event.prefs));
      effects.push({ kind: 'prefs.changed', prefs: event.prefs });
      break;
    case 'moderation.changed':
      effects.push({ kind: 'moderation.changed', openReports: event.openReports });
      break;
    default:
      assertNever(event, 'user event');
  }
  return effects;
}
