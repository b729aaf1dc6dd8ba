import type { Conversation, Message } from '../../src-shared/domain.ts';
import { LIMITS } from '../../src-shared/limits.ts';
import { MESSAGE_SEARCH_MAX_RESULTS, MESSAGE_SEARCH_MIN_CHARS } from '../../src-shared/ipc.ts';
import type { ConversationView, MessageView, MuteDuration } from '../../src-shared/ipc.ts';
import { toFtsQuery } from './cache/search.ts';
import type { Core } from './core.ts';
import { CoreError } from './errors.ts';
import type { SyncEffect } from './sync/apply-event.ts';
import { conversationView, outboxMessageView, storedMessageView } from './views.ts';

export interface MessagesPage {
  messages: MessageView[];
  hasMore: boolean;
}

/**
 * Conversation and message commands for the UI: reads come from the cache first (so the app works
 * offline, read-only), writes go to the server and come back as snapshots or events.
 */
export class Conversations {
  readonly #core: Core;

  constructor(core: Core) {
    this.#core = core;
  }

  #meId(): string {
    const me = this.#core.me;
    if (!me) throw new CoreError('SIGNED_OUT', 'Not signed in.');
    return me.id;
  }

  // ───────────── reading ─────────────

  list(): ConversationView[] {
    const settings = this.#core.settings;
    const list = this.#core.cache.conversations
      .listVisible()
      .map((stored) => conversationView(stored, settings.muteOf(stored.conversation.id)));
    this.#core.trace.emit('conversations.listed', { count: list.length, source: 'cache' });
    return list;
  }

  view(id: string): ConversationView | null {
    const stored = this.#core.cache.conversations.get(id);
    return stored ? conversationView(stored, this.#core.settings.muteOf(id)) : null;
  }

  #requireView(id: string): ConversationView {
    const view = this.view(id);
    if (!view) throw new CoreError('NOT_FOUND', 'No such conversation.');
    return view;
  }

  messageView(message: Message): MessageView {
    return storedMessageView(
      message,
      this.#core.me?.id ?? '',
      this.#core.cache.conversations.watermarks(message.conversationId),
    );
  }

  /**
   * The newest page from the cache at once, with unsent messages after it; then, when online, the server's
   * page (which also marks the conversation read) arrives as `messages.changed`.
   */
  async open(id: string): Promise<MessagesPage & { conversation: ConversationView }> {
    const core = this.#core;
    let stored = core.cache.conversations.get(id);
    if (!stored) {
      await this.refresh(id);
      stored = core.cache.conversations.get(id);
      if (!stored) throw new CoreError('NOT_FOUND', 'No such conversation.');
    } else {
      void this.refresh(id);
    }
    const lastSeq = stored.conversation.lastSeq;
    const page = core.cache.messages.page(id, null, LIMITS.historyPageMax, lastSeq);
    const watermarks = stored.conversation;
    const meId = core.me?.id ?? '';
    const messages = [
      ...page.messages.map((m) => storedMessageView(m, meId, watermarks)),
      ...core.cache.outbox.ofConversation(id).map(outboxMessageView),
    ];
    const oldest = page.messages[0]?.seq ?? lastSeq + 1;
    core.trace.emit('conversation.opened', {
      conversationId: id,
      source: 'cache',
      messages: messages.length,
    });
    return {
      conversation: conversationView(stored, core.settings.muteOf(id)),
      messages,
      hasMore: oldest > 1,
    };
  }

  /** Asks the server for the conversation's newest page (marking it read) and stores what comes back. */
  async refresh(id: string): Promise<void> {
    const core = this.#core;
    if (!core.connection.isOnline) return;
    let result;
    try {
      result = await core.connection.request('conversations.open', { conversationId: id });
    } catch (error) {
      const failure = CoreError.from(error);
      if (failure.code === 'NOT_FOUND' || failure.code === 'NOT_A_PARTICIPANT') {
        if (core.cache.conversations.has(id)) {
          core.cache.transaction(() => {
            core.cache.conversations.delete(id);
            core.cache.messages.deleteConversation(id);
          });
          core.push('conversations.removed', { conversationId: id });
        }
        if (!core.cache.conversations.has(id)) throw failure;
      }
      return;
    }
    core.cache.transaction(() => {
      core.cache.conversations.upsert(result.conversation);
      for (const message of result.messages) core.cache.messages.insert(message);
    });
    core.clearNotification(id);
    const view = this.view(id);
    if (view) core.push('conversations.changed', { conversations: [view] });
    core.push('messages.changed', {
      conversationId: id,
      messages: result.messages.map((m) => this.messageView(m)),
    });
    core.trace.emit('conversation.opened', {
      conversationId: id,
      source: 'server',
      messages: result.messages.length,
    });
    core.scheduleBadge();
  }

  /** An older page: from the cache when it holds a gap-free run, else from the server (and then cached). */
  async history(id: string, beforeSeq: number): Promise<MessagesPage> {
    const core = this.#core;
    const lastSeq = core.cache.conversations.get(id)?.conversation.lastSeq ?? 0;
    const cached = core.cache.messages.page(id, beforeSeq, LIMITS.historyPageMax, lastSeq);
    const fromCache = () => ({
      messages: cached.messages.map((m) => this.messageView(m)),
      hasMore: (cached.messages[0]?.seq ?? beforeSeq) > 1,
    });
    if (cached.complete || !core.connection.isOnline) return fromCache();
    const result = await core.connection.request('messages.history', {
      conversationId: id,
      beforeSeq,
      limit: LIMITS.historyPageMax,
    });
    core.cache.transaction(() => {
      for (const message of result.messages) core.cache.messages.insert(message);
    });
    return { messages: result.messages.map((m) => this.messageView(m)), hasMore: result.hasMore };
  }

  search(query: string, conversationId: string | undefined, limit = 50): MessageView[] {
    const fts = toFtsQuery(query, MESSAGE_SEARCH_MIN_CHARS);
    if (fts === null)
      throw new CoreError(
        'QUERY_TOO_SHORT',
        `Type at least ${MESSAGE_SEARCH_MIN_CHARS} characters to search.`,
      );
    return this.#core.cache.search
      .search(fts, Math.min(limit, MESSAGE_SEARCH_MAX_RESULTS), conversationId)
      .map((m) => this.messageView(m));
  }

  // ───────────── writing ─────────────

  #store(conversation: Conversation): ConversationView {
    this.#core.cache.transaction(() => this.#core.cache.conversations.upsert(conversation));
    const view = this.#requireView(conversation.id);
    this.#core.push('conversations.changed', { conversations: [view] });
    this.#core.scheduleBadge();
    return view;
  }

  #removeFromList(id: string): void {
    this.#core.cache.conversations.setHidden(id, true);
    this.#core.push('conversations.removed', { conversationId: id });
    this.#core.clearNotification(id);
    this.#core.scheduleBadge();
  }

  async markRead(id: string): Promise<ConversationView> {
    const { conversation } = await this.#core.connection.request('conversations.markRead', {
      conversationId: id,
    });
    this.#core.clearNotification(id);
    return this.#store(conversation);
  }

  /** Marks read only when something is unread (called on focus and on arrival in the open conversation). */
  async markReadIfUnread(id: string): Promise<void> {
    const stored = this.#core.cache.conversations.get(id);
    if (!stored || (stored.conversation.unreadCount === 0 && !stored.conversation.markedUnread)) return;
    try {
      await this.markRead(id);
    } catch (error) {
      this.#core.trace.emit('core.error', { where: 'markRead', message: CoreError.from(error).message });
    }
  }

  async markUnread(id: string): Promise<ConversationView> {
    const { conversation } = await this.#core.connection.request('conversations.markUnread', {
      conversationId: id,
    });
    return this.#store(conversation);
  }

  async hide(id: string): Promise<void> {
    await this.#core.connection.request('conversations.hide', { conversationId: id });
    this.#removeFromList(id);
  }

  async accept(id: string): Promise<ConversationView> {
    const { conversation } = await this.#core.connection.request('conversations.accept', {
      conversationId: id,
    });
    return this.#store(conversation);
  }

  async decline(id: string): Promise<void> {
    await this.#core.connection.request('conversations.decline', { conversationId: id });
    this.#removeFromList(id);
  }

  async startDirect(userId: string): Promise<ConversationView> {
    const { conversation } = await this.#core.connection.request('conversations.startDirect', { userId });
    return this.#store(conversation);
  }

  async createGroup(userIds: string[], title: string | undefined): Promise<ConversationView> {
    const { conversation } = await this.#core.connection.request('conversations.createGroup', {
      userIds,
      ...(title ? { title } : {}),
    });
    return this.#store(conversation);
  }

  mute(id: string, duration: MuteDuration | 'off'): ConversationView {
    this.#core.settings.muteConversation(id, duration);
    const view = this.#requireView(id);
    this.#core.push('conversations.changed', { conversations: [view] });
    return view;
  }

  send(conversationId: string, body: string): MessageView {
    this.#meId();
    const entry = this.#core.outbox.enqueue(conversationId, body);
    this.#core.cache.drafts.set(conversationId, '', this.#core.clock.now());
    return outboxMessageView(entry);
  }

  retry(clientId: string): MessageView {
    return outboxMessageView(this.#core.outbox.retry(clientId));
  }

  discard(clientId: string): void {
    const entry = this.#core.outbox.discard(clientId);
    this.#core.push('messages.removed', { conversationId: entry.conversationId, clientId });
  }

  /**
   * A message arrived for a conversation the cache does not know (a new request, a new group): fetch its
   * snapshot, then notify for the live messages that waited on it.
   */
  async fetchMissing(id: string, effects: SyncEffect[], replayed: boolean): Promise<void> {
    const core = this.#core;
    try {
      const { conversation } = await core.connection.request('conversations.get', { conversationId: id });
      this.#store(conversation);
    } catch (error) {
      core.trace.emit('core.error', { where: 'conversations.get', message: CoreError.from(error).message });
      return;
    }
    for (const effect of effects) {
      if (effect.kind === 'message.stored' && effect.fromOthers && effect.message.conversationId === id) {
        core.notifyMessage(effect.message, replayed);
      }
    }
  }
}
