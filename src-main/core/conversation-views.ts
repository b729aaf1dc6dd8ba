import type { Conversation, Message } from '../../src-shared/domain.ts';
import type { ConversationView, MessageView, Mute } from '../../src-shared/ipc.ts';
import type { Cache } from './cache/cache.ts';
import type { IpcEvents } from './ipc-events.ts';
import { isIncomingRequest } from './policy/badge.ts';
import { conversationView, storedMessageView } from './views.ts';

export interface ConversationViewsOptions {
  cache: Cache;
  muteOf(conversationId: string): Mute | null;
  meId(): string | null;
  events: Pick<IpcEvents, 'push'>;
  /** Something that counts toward the badge may have changed. */
  badgeChanged(): void;
  /** The conversation left the list or was read: its OS notification has nothing left to say. */
  clearNotification(conversationId: string): void;
}

/**
 * Conversations and messages as the UI sees them (views built from the cache), and the one way a change
 * to a conversation reaches the UI: store it, push `conversations.changed`, recount the badge.
 */
export class ConversationViews {
  readonly #o: ConversationViewsOptions;

  constructor(options: ConversationViewsOptions) {
    this.#o = options;
  }

  list(): ConversationView[] {
    return this.#o.cache.conversations
      .listVisible()
      .map((stored) => conversationView(stored, this.#o.muteOf(stored.conversation.id)));
  }

  /** Up to `limit` views after the conversation `before` in list order (from the top when absent or gone). */
  page(
    limit: number,
    before: string | undefined,
  ): { conversations: ConversationView[]; nextCursor: string | null } {
    const { conversations: stored, more } = this.#o.cache.conversations.pageVisible(limit, before);
    const conversations = stored.map((s) => conversationView(s, this.#o.muteOf(s.conversation.id)));
    const last = stored.at(-1);
    return { conversations, nextCursor: more && last ? last.conversation.id : null };
  }

  view(id: string): ConversationView | null {
    const stored = this.#o.cache.conversations.get(id);
    return stored ? conversationView(stored, this.#o.muteOf(id)) : null;
  }

  /**
   * A message request the viewer has not answered yet. Nothing that tells the requester they were read
   * (read or delivery receipts, typing) goes out for it until it is accepted.
   */
  isIncomingRequest(id: string): boolean {
    const meId = this.#o.meId();
    const stored = this.#o.cache.conversations.get(id);
    return meId !== null && stored !== null && isIncomingRequest(stored.conversation, meId);
  }

  messageView(message: Message): MessageView {
    return storedMessageView(
      message,
      this.#o.meId() ?? '',
      this.#o.cache.conversations.watermarks(message.conversationId),
    );
  }

  /** Writes a conversation snapshot from the server and tells the UI. */
  store(conversation: Conversation): ConversationView {
    this.#o.cache.transaction(() => this.#o.cache.conversations.upsert(conversation));
    const view = this.view(conversation.id);
    if (!view) throw new Error(`Conversation ${conversation.id} vanished right after it was stored.`);
    this.#o.events.push('conversations.changed', { conversations: [view] });
    this.#o.badgeChanged();
    return view;
  }

  /** Pushes the current views of these conversations (those still cached). */
  pushChanged(ids: Iterable<string>): void {
    const views = [...new Set(ids)].map((id) => this.view(id)).filter((v) => v !== null);
    if (views.length > 0) this.#o.events.push('conversations.changed', { conversations: views });
  }

  /** Hidden or declined: kept in the cache, gone from the list until a new message brings it back. */
  removeFromList(id: string): void {
    this.#o.cache.conversations.setHidden(id, true);
    this.#o.events.push('conversations.removed', { conversationId: id });
    this.#o.clearNotification(id);
    this.#o.badgeChanged();
  }

  /** The server says this conversation is gone for the viewer: drop it and its messages. */
  forget(id: string): void {
    if (!this.#o.cache.conversations.has(id)) return;
    this.#o.cache.transaction(() => {
      this.#o.cache.conversations.delete(id);
      this.#o.cache.messages.deleteConversation(id);
    });
    this.#o.events.push('conversations.removed', { conversationId: id });
    this.#o.clearNotification(id);
    this.#o.badgeChanged();
  }
}
