import type { ConversationView } from '../../src-shared/ipc.ts';
import { AppError } from '../../src-shared/errors.ts';
import type { AnyErrorCode } from '../../src-shared/errors.ts';
import type { Cache } from './cache/cache.ts';
import type { RequestApi } from './connection/pending-requests.ts';
import type { ConversationViews } from './conversation-views.ts';
import type { Trace } from './trace.ts';

const CONNECTION_FAILURES: ReadonlySet<AnyErrorCode> = new Set([
  'OFFLINE',
  'DISCONNECTED',
  'TIMEOUT',
  'SIGNED_OUT',
]);

export interface ReadMarkerOptions {
  cache: Cache;
  requests: RequestApi;
  views: Pick<ConversationViews, 'store' | 'isIncomingRequest'>;
  clearNotification(conversationId: string): void;
  trace: Trace;
}

/**
 * Marking conversations read: on request, and by itself when the conversation on screen has news. Never
 * for a message request the viewer has not accepted (the requester would learn it was read).
 */
export class ReadMarker {
  readonly #o: ReadMarkerOptions;

  constructor(options: ReadMarkerOptions) {
    this.#o = options;
  }

  /** Refused for a message request not yet accepted: reading it would tell the requester. */
  async markRead(id: string): Promise<ConversationView> {
    if (this.#o.views.isIncomingRequest(id))
      throw new AppError(
        'REQUEST_NOT_ACCEPTED',
        'Accept the message request first: marking it read would tell the sender.',
      );
    const { conversation } = await this.#o.requests.request('conversations.markRead', { conversationId: id });
    this.#o.clearNotification(id);
    return this.#o.views.store(conversation);
  }

  /**
   * "Mark all as read": every listed conversation with unread messages (or marked unread), one request
   * each, message requests left alone. Returns how many were marked. A lost connection stops it with its
   * error; a conversation the server no longer has is skipped (and logged).
   */
  async markAllRead(): Promise<number> {
    let marked = 0;
    for (const row of this.#o.cache.conversations.badgeRows()) {
      if (row.unreadCount === 0 && !row.markedUnread) continue;
      if (this.#o.views.isIncomingRequest(row.id)) continue;
      try {
        await this.markRead(row.id);
        marked += 1;
      } catch (error) {
        const failure = AppError.from(error);
        if (CONNECTION_FAILURES.has(failure.code)) throw failure;
        this.#o.trace.emit('core.error', { where: 'markAllRead', message: failure.message });
      }
    }
    return marked;
  }

  /** Marks read only when something is unread (on focus, and on arrival in the open conversation). */
  async markReadIfUnread(id: string): Promise<void> {
    const stored = this.#o.cache.conversations.get(id);
    if (!stored || (stored.conversation.unreadCount === 0 && !stored.conversation.markedUnread)) return;
    if (this.#o.views.isIncomingRequest(id)) return;
    try {
      await this.markRead(id);
    } catch (error) {
      this.#o.trace.emit('core.error', { where: 'markRead', message: AppError.from(error).message });
    }
  }
}
