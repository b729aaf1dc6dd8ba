import type { Me, Message } from '../../src-shared/domain.ts';
import type { MessageView } from '../../src-shared/ipc-views.ts';
import { assertNever } from '../../src-shared/errors.ts';
import type { Cache } from './cache/cache.ts';
import type { StoredConversation } from './cache/conversation-store.ts';
import type { Clock, Timer } from './clock.ts';
import type { RequestApi } from './connection/pending-requests.ts';
import type { ConversationViews } from './conversation-views.ts';
import type { IpcEvents } from './ipc-events.ts';
import type { Notifier } from './notifier.ts';
import type { ReadMarker } from './read-marker.ts';
import type { SyncEffect } from './sync/apply-event.ts';
import type { Trace } from './trace.ts';
import type { TypingTracker } from './typing.ts';
import type { Background } from './unexpected.ts';

export interface EffectsOptions {
  cache: Cache;
  requests: RequestApi;
  views: Pick<ConversationViews, 'messageView' | 'store' | 'pushChanged' | 'isIncomingRequest'>;
  reads: Pick<ReadMarker, 'markReadIfUnread'>;
  notifier: Pick<Notifier, 'consider' | 'clearConversation'>;
  typing: Pick<TypingTracker, 'clear'>;
  events: Pick<IpcEvents, 'push'>;
  clock: Clock;
  trace: Trace;
  background: Background;
  /** The server sent a newer profile of the signed-in user. */
  meChanged(me: Me): void;
  /** The conversation on screen in a focused window (read on arrival), or null. */
  conversationInView(): string | null;
  badgeChanged(): void;
}

/**
 * What follows a committed change (an applied event, or an ack): events for the UI, notifications,
 * delivery receipts, read marking of the conversation on screen, and the badge.
 */
export class Effects {
  readonly #o: EffectsOptions;
  readonly #delivered = new Map<string, number>();
  #deliveredTimer: Timer | null = null;
  /** Conversations whose list view is due to be pushed (coalesced: see `#viewsChanged`). */
  readonly #viewsDue = new Set<string>();
  #viewsTimer: Timer | null = null;

  constructor(options: EffectsOptions) {
    this.#o = options;
  }

  /** Forgets queued receipts (sign-out, close). */
  reset(): void {
    this.#deliveredTimer?.cancel();
    this.#deliveredTimer = null;
    this.#delivered.clear();
    this.#viewsTimer?.cancel();
    this.#viewsTimer = null;
    this.#viewsDue.clear();
  }

  /**
   * Tells everyone what one committed change did. A burst of events arrives as one call: each changed
   * conversation's view is pushed once, the stored messages go out as one `messages.changed` per
   * conversation, and a conversation is read from the cache once for all of its notification decisions.
   */
  apply(effects: SyncEffect[], replayed: boolean): void {
    const { events, trace } = this.#o;
    const changed = new Set<string>();
    const missing = new Set<string>();
    const storedBy = new Map<string, MessageView[]>();
    const conversationsRead = new Map<string, StoredConversation | null>();
    for (const effect of effects)
      if (effect.kind === 'conversation.missing') missing.add(effect.conversationId);
    for (const effect of effects) {
      switch (effect.kind) {
        case 'conversation.changed':
          changed.add(effect.conversationId);
          break;
        case 'conversation.removed': {
          // What arrived before the removal reaches the UI before it.
          const messages = storedBy.get(effect.conversationId);
          if (messages) events.push('messages.changed', { conversationId: effect.conversationId, messages });
          storedBy.delete(effect.conversationId);
          changed.delete(effect.conversationId);
          this.#viewsDue.delete(effect.conversationId);
          events.push('conversations.removed', { conversationId: effect.conversationId });
          break;
        }
        case 'conversation.missing':
          this.#o.background(
            'conversations.get',
            this.#fetchMissing(effect.conversationId, effects, replayed),
          );
          break;
        case 'message.stored': {
          const { conversationId } = effect.message;
          const views = storedBy.get(conversationId) ?? [];
          views.push(this.#o.views.messageView(effect.message));
          storedBy.set(conversationId, views);
          this.#onMessageStored(
            effect.message,
            effect.fromOthers,
            replayed,
            missing.has(conversationId),
            () => {
              if (!conversationsRead.has(conversationId))
                conversationsRead.set(conversationId, this.#o.cache.conversations.get(conversationId));
              return conversationsRead.get(conversationId) ?? null;
            },
          );
          break;
        }
        case 'outbox.settled':
          trace.emit('message.received', {
            messageId: effect.message.id,
            conversationId: effect.message.conversationId,
            replayed,
          });
          events.push('messages.changed', {
            conversationId: effect.message.conversationId,
            messages: [this.#o.views.messageView(effect.message)],
          });
          break;
        case 'read.changed':
          if (effect.unreadCount === 0 && !effect.markedUnread)
            this.#o.notifier.clearConversation(effect.conversationId);
          break;
        case 'receipts.changed':
          break;
        case 'notification.created':
          events.push('notifications.created', { notification: effect.notification });
          this.#o.notifier.consider(
            { kind: 'app_notification', notification: effect.notification },
            replayed,
          );
          break;
        case 'notifications.read':
          events.push('notifications.unread', { unreadCount: effect.unreadCount });
          break;
        case 'follow.changed':
          events.push('follow.changed', {
            followerId: effect.followerId,
            followeeId: effect.followeeId,
            following: effect.following,
          });
          break;
        case 'me.changed':
          this.#o.meChanged(effect.me);
          events.push('me.changed', { me: effect.me });
          break;
        case 'prefs.changed':
          events.push('prefs.changed', { prefs: effect.prefs });
          break;
        case 'moderation.changed':
          events.push('moderation.changed', { openReports: effect.openReports });
          break;
        default:
          assertNever(effect, 'sync effect');
      }
    }
    for (const [conversationId, messages] of storedBy)
      events.push('messages.changed', { conversationId, messages });
    this.#viewsChanged(changed);
    this.#o.badgeChanged();
  }

  /**
   * A conversation's list view (last message, unread count, receipts) is rebuilt from the cache and
   * pushed once per event-loop turn, however many acks and bursts touched it in that turn: 64 acks of a
   * flushing outbox, and the events of the same messages, used to rebuild the same row 128 times. The
   * messages themselves go out at once (`messages.changed`); the row follows within the turn.
   */
  #viewsChanged(ids: Iterable<string>): void {
    for (const id of ids) this.#viewsDue.add(id);
    if (this.#viewsTimer || this.#viewsDue.size === 0) return;
    this.#viewsTimer = this.#o.clock.after(0, () => {
      this.#viewsTimer = null;
      const due = [...this.#viewsDue];
      this.#viewsDue.clear();
      this.#o.views.pushChanged(due);
    });
  }

  /**
   * Applies the notification policy to one message (its conversation and author from the cache, or from
   * `conversation` when the caller already read it).
   */
  notifyMessage(
    message: Message,
    replayed: boolean,
    conversation: () => StoredConversation | null = () =>
      this.#o.cache.conversations.get(message.conversationId),
  ): void {
    const { cache } = this.#o;
    const stored = conversation();
    const author =
      stored?.conversation.participants.find((p) => p.id === message.authorId) ??
      cache.conversations.user(message.authorId);
    this.#o.notifier.consider(
      { kind: 'message', message, conversation: stored?.conversation ?? null, author },
      replayed,
    );
  }

  #onMessageStored(
    message: Message,
    fromOthers: boolean,
    replayed: boolean,
    deferNotification: boolean,
    conversation: () => StoredConversation | null,
  ): void {
    this.#o.trace.emit('message.received', {
      messageId: message.id,
      conversationId: message.conversationId,
      replayed,
    });
    if (!fromOthers) return;
    this.#o.typing.clear(message.conversationId, message.authorId);
    this.#queueDelivered(message.conversationId, message.seq);
    if (this.#o.conversationInView() === message.conversationId)
      this.#o.background('markRead', this.#o.reads.markReadIfUnread(message.conversationId));
    if (!deferNotification) this.notifyMessage(message, replayed, conversation);
  }

  /**
   * A message arrived for a conversation the cache does not know (a new request, a new group): fetch its
   * snapshot, then notify for the live messages that waited on it.
   */
  async #fetchMissing(id: string, effects: SyncEffect[], replayed: boolean): Promise<void> {
    const { conversation } = await this.#o.requests.request('conversations.get', { conversationId: id });
    this.#o.views.store(conversation);
    for (const effect of effects) {
      if (effect.kind === 'message.stored' && effect.fromOthers && effect.message.conversationId === id) {
        this.notifyMessage(effect.message, replayed);
      }
    }
  }

  /**
   * Delivery receipts, one request per conversation with the highest seq seen, sent soon after arrival.
   * None for a message request not yet accepted: the requester learns nothing before the yes.
   */
  #queueDelivered(conversationId: string, seq: number): void {
    this.#delivered.set(conversationId, Math.max(seq, this.#delivered.get(conversationId) ?? 0));
    if (this.#deliveredTimer) return;
    this.#deliveredTimer = this.#o.clock.after(0, () => {
      this.#deliveredTimer = null;
      const batch = [...this.#delivered];
      this.#delivered.clear();
      for (const [id, upToSeq] of batch) {
        if (this.#o.views.isIncomingRequest(id)) continue;
        // Best effort: the next message sends a higher watermark, and opening marks read anyway.
        this.#o.background(
          'messages.delivered',
          this.#o.requests.request('messages.delivered', { conversationId: id, upToSeq }),
        );
      }
    });
  }
}
