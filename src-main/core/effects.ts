import type { Message } from '../../src-shared/domain.ts';
import { assertNever } from '../../src-shared/errors.ts';
import type { Timer } from './clock.ts';
import type { Core } from './core.ts';
import type { Notifier } from './notifier.ts';
import type { Shell } from './shell.ts';
import type { SyncEffect } from './sync/apply-event.ts';
import type { TypingTracker } from './typing.ts';

/**
 * What follows a committed change (an applied event, or an ack): events for the UI, notifications,
 * delivery receipts, read marking of the conversation on screen, and the badge.
 */
export class Effects {
  readonly #core: Core;
  readonly #notifier: Notifier;
  readonly #typing: TypingTracker;
  readonly #shell: Shell;
  readonly #delivered = new Map<string, number>();
  #deliveredTimer: Timer | null = null;

  constructor(options: { core: Core; notifier: Notifier; typing: TypingTracker; shell: Shell }) {
    this.#core = options.core;
    this.#notifier = options.notifier;
    this.#typing = options.typing;
    this.#shell = options.shell;
  }

  close(): void {
    this.#deliveredTimer?.cancel();
  }

  apply(effects: SyncEffect[], replayed: boolean): void {
    const changed = new Set<string>();
    const missing = new Set<string>();
    for (const effect of effects)
      if (effect.kind === 'conversation.missing') missing.add(effect.conversationId);
    for (const effect of effects) {
      switch (effect.kind) {
        case 'conversation.changed':
          changed.add(effect.conversationId);
          break;
        case 'conversation.removed':
          this.#core.events.push('conversations.removed', { conversationId: effect.conversationId });
          break;
        case 'conversation.missing':
          void this.#core.conversations.fetchMissing(effect.conversationId, effects, replayed);
          break;
        case 'message.stored':
          this.#onMessageStored(
            effect.message,
            effect.fromOthers,
            replayed,
            missing.has(effect.message.conversationId),
          );
          break;
        case 'outbox.settled':
          this.#core.trace.emit('message.received', {
            messageId: effect.message.id,
            conversationId: effect.message.conversationId,
            replayed,
          });
          this.#core.events.push('messages.changed', {
            conversationId: effect.message.conversationId,
            messages: [this.#core.conversations.messageView(effect.message)],
          });
          break;
        case 'read.changed':
          if (effect.unreadCount === 0 && !effect.markedUnread)
            this.#notifier.clearConversation(effect.conversationId);
          break;
        case 'receipts.changed':
          break;
        case 'notification.created':
          this.#core.events.push('notifications.created', { notification: effect.notification });
          this.#notifier.consider({ kind: 'app_notification', notification: effect.notification }, replayed);
          break;
        case 'notifications.read':
          this.#core.events.push('notifications.unread', { unreadCount: effect.unreadCount });
          break;
        case 'follow.changed':
          this.#core.events.push('follow.changed', {
            followerId: effect.followerId,
            followeeId: effect.followeeId,
            following: effect.following,
          });
          break;
        case 'me.changed':
          this.#core.session.setMe(effect.me);
          this.#core.events.push('me.changed', { me: effect.me });
          break;
        case 'prefs.changed':
          this.#core.events.push('prefs.changed', { prefs: effect.prefs });
          break;
        case 'moderation.changed':
          this.#core.events.push('moderation.changed', { openReports: effect.openReports });
          break;
        default:
          assertNever(effect, 'sync effect');
      }
    }
    this.#core.pushConversations(changed);
    this.#core.scheduleBadge();
  }

  #onMessageStored(
    message: Message,
    fromOthers: boolean,
    replayed: boolean,
    deferNotification: boolean,
  ): void {
    this.#core.trace.emit('message.received', {
      messageId: message.id,
      conversationId: message.conversationId,
      replayed,
    });
    this.#core.events.push('messages.changed', {
      conversationId: message.conversationId,
      messages: [this.#core.conversations.messageView(message)],
    });
    if (!fromOthers) return;
    this.#typing.clear(message.conversationId, message.authorId);
    this.#queueDelivered(message.conversationId, message.seq);
    if (this.#core.activeConversationId === message.conversationId && this.#shell.isWindowFocused()) {
      void this.#core.conversations.markReadIfUnread(message.conversationId);
    }
    if (!deferNotification) this.notifyMessage(message, replayed);
  }

  notifyMessage(message: Message, replayed: boolean): void {
    const stored = this.#core.cache.conversations.get(message.conversationId);
    const author =
      stored?.conversation.participants.find((p) => p.id === message.authorId) ??
      this.#core.cache.conversations.user(message.authorId);
    this.#notifier.consider(
      { kind: 'message', message, conversation: stored?.conversation ?? null, author },
      replayed,
    );
  }

  /** Delivery receipts, one request per conversation with the highest seq seen, sent soon after arrival. */
  #queueDelivered(conversationId: string, seq: number): void {
    this.#delivered.set(conversationId, Math.max(seq, this.#delivered.get(conversationId) ?? 0));
    if (this.#deliveredTimer) return;
    this.#deliveredTimer = this.#core.clock.after(0, () => {
      this.#deliveredTimer = null;
      const batch = [...this.#delivered];
      this.#delivered.clear();
      for (const [id, upToSeq] of batch) {
        this.#core.connection.request('messages.delivered', { conversationId: id, upToSeq }).catch(() => {
          // Best effort: the next message sends a higher watermark, and opening marks read anyway.
        });
      }
    });
  }
}
