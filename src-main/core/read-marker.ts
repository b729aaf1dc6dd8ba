import type { ConversationView } from '../../src-shared/ipc.ts';
import { AppError } from '../../src-shared/errors.ts';
import type { Cache } from './cache/cache.ts';
import type { RequestApi } from './connection/pending-requests.ts';
import type { ConversationViews } from './conversation-views.ts';
import type { Trace } from './trace.ts';

export interface ReadMarkerOptions {
  cache: Cache;
  requests: RequestApi;
  views: Pick<ConversationViews, 'store'>;
  clearNotification(conversationId: string): void;
  trace: Trace;
}

/** Marking conversations read: on request, and by itself when the conversation on screen has news. */
export class ReadMarker {
  readonly #o: ReadMarkerOptions;

  constructor(options: ReadMarkerOptions) {
    this.#o = options;
  }

  async markRead(id: string): Promise<ConversationView> {
    const { conversation } = await this.#o.requests.request('conversations.markRead', { conversationId: id });
    this.#o.clearNotification(id);
    return this.#o.views.store(conversation);
  }

  /** Marks read only when something is unread (on focus, and on arrival in the open conversation). */
  async markReadIfUnread(id: string): Promise<void> {
    const stored = this.#o.cache.conversations.get(id);
    if (!stored || (stored.conversation.unreadCount === 0 && !stored.conversation.markedUnread)) return;
    try {
      await this.markRead(id);
    } catch (error) {
      this.#o.trace.emit('core.error', { where: 'markRead', message: AppError.from(error).message });
    }
  }
}
