import { LIMITS } from '../../src-shared/limits.ts';
import {
  CONVERSATION_PAGE_MAX,
  MESSAGE_SEARCH_MAX_RESULTS,
  MESSAGE_SEARCH_MIN_CHARS,
} from '../../src-shared/ipc.ts';
import type { ConversationView, MessageView, MuteDuration } from '../../src-shared/ipc.ts';
import { AppError } from '../../src-shared/errors.ts';
import type { Cache } from './cache/cache.ts';
import { toFtsQuery } from './cache/search.ts';
import type { Clock } from './clock.ts';
import type { RequestApi } from './connection/pending-requests.ts';
import type { ConversationViews } from './conversation-views.ts';
import type { IpcEvents } from './ipc-events.ts';
import type { Outbox } from './outbox/outbox.ts';
import type { ReadMarker } from './read-marker.ts';
import type { SettingsService } from './settings/settings-service.ts';
import type { Trace } from './trace.ts';
import type { Background } from './unexpected.ts';
import { conversationView, outboxMessageView, storedMessageView } from './views.ts';

export interface MessagesPage {
  messages: MessageView[];
  hasMore: boolean;
}

export interface ConversationsOptions {
  cache: Cache;
  requests: RequestApi & { readonly isOnline: boolean };
  views: ConversationViews;
  reads: Pick<ReadMarker, 'markRead' | 'markAllRead' | 'markReadIfUnread'>;
  outbox: Pick<Outbox, 'enqueue' | 'retry' | 'discard' | 'restore'>;
  settings: Pick<SettingsService, 'muteConversation' | 'muteOf'>;
  events: Pick<IpcEvents, 'push'>;
  clearNotification(conversationId: string): void;
  badgeChanged(): void;
  clock: Clock;
  trace: Trace;
  background: Background;
  meId(): string | null;
  /** The conversation on screen in a focused window, or null. */
  conversationInView(): string | null;
}

/**
 * Conversation and message commands for the UI: reads come from the cache first (so the app works
 * offline, read-only), writes go to the server and come back as snapshots or events.
 */
export class Conversations {
  readonly #o: ConversationsOptions;

  constructor(options: ConversationsOptions) {
    this.#o = options;
  }

  #meId(): string {
    const meId = this.#o.meId();
    if (meId === null) throw new AppError('SIGNED_OUT', 'Not signed in.');
    return meId;
  }

  #requireView(id: string): ConversationView {
    const view = this.#o.views.view(id);
    if (!view) throw new AppError('NOT_FOUND', 'No such conversation.');
    return view;
  }

  // ───────────── reading ─────────────

  list(): ConversationView[] {
    const list = this.#o.views.list();
    this.#o.trace.emit('conversations.listed', { count: list.length, source: 'cache' });
    return list;
  }

  /**
   * One page of the list (so 5,000 conversations need not cross the bridge as one answer): up to `limit`
   * after the conversation `before` (the previous page's `nextCursor`). A cursor no longer in the list (it
   * was hidden or left) starts over from the top; the renderer merges pages by id and live changes come
   * as `conversations.changed`, so a row that moved between pages is not lost.
   */
  page(
    limit: number | undefined,
    before: string | undefined,
  ): { conversations: ConversationView[]; nextCursor: string | null } {
    const page = this.#o.views.page(limit ?? CONVERSATION_PAGE_MAX, before);
    this.#o.trace.emit('conversations.listed', { count: page.conversations.length, source: 'cache' });
    return page;
  }

  /**
   * The newest page from the cache at once, with unsent messages after it; then, when online, the server's
   * page (which also marks the conversation read) arrives as `messages.changed`.
   */
  async open(id: string): Promise<MessagesPage & { conversation: ConversationView }> {
    const { cache, trace } = this.#o;
    let stored = cache.conversations.get(id);
    if (!stored) {
      await this.refresh(id);
      stored = cache.conversations.get(id);
      if (!stored) throw new AppError('NOT_FOUND', 'No such conversation.');
    } else {
      this.refreshInBackground(id);
    }
    const lastSeq = stored.conversation.lastSeq;
    const page = cache.messages.page(id, null, LIMITS.historyPageMax, lastSeq);
    const watermarks = stored.conversation;
    const meId = this.#o.meId() ?? '';
    const messages = [
      ...page.messages.map((m) => storedMessageView(m, meId, watermarks)),
      ...cache.outbox.ofConversation(id).map(outboxMessageView),
    ];
    const oldest = page.messages[0]?.seq ?? lastSeq + 1;
    trace.emit('conversation.opened', { conversationId: id, source: 'cache', messages: messages.length });
    return {
      conversation: conversationView(stored, this.#o.settings.muteOf(id)),
      messages,
      hasMore: oldest > 1,
    };
  }

  /**
   * Asks the server for the conversation's newest page (marking it read) and stores what comes back. An
   * unanswered message request is fetched without marking it read (`conversations.get` and
   * `messages.history`): the requester must not learn it was seen before it is accepted. Rejects with
   * NOT_FOUND / NOT_A_PARTICIPANT when the conversation is gone for the viewer (after dropping it from the
   * cache); any other failure leaves the cached page as it is.
   */
  async refresh(id: string): Promise<void> {
    const { cache, requests, views, events, trace } = this.#o;
    if (!requests.isOnline) return;
    let result;
    try {
      result = views.isIncomingRequest(id)
        ? await this.#fetchWithoutReading(id)
        : await requests.request('conversations.open', { conversationId: id });
    } catch (error) {
      const failure = AppError.from(error);
      if (failure.code === 'NOT_FOUND' || failure.code === 'NOT_A_PARTICIPANT') {
        views.forget(id);
        throw failure;
      }
      return;
    }
    cache.transaction(() => {
      cache.conversations.upsert(result.conversation);
      for (const message of result.messages) cache.messages.insert(message);
    });
    this.#o.clearNotification(id);
    views.pushChanged([id]);
    events.push('messages.changed', {
      conversationId: id,
      messages: result.messages.map((m) => views.messageView(m)),
    });
    trace.emit('conversation.opened', {
      conversationId: id,
      source: 'server',
      messages: result.messages.length,
    });
    this.#o.badgeChanged();
  }

  async #fetchWithoutReading(id: string) {
    const { conversation } = await this.#o.requests.request('conversations.get', { conversationId: id });
    // An invitation to a group or team shows its title and members, never its messages: the server
    // answers NOT_FOUND to history until it is accepted, which must not read as "gone".
    if (conversation.kind !== 'direct') return { conversation, messages: [] };
    const { messages } = await this.#o.requests.request('messages.history', {
      conversationId: id,
      limit: LIMITS.historyPageMax,
    });
    return { conversation, messages };
  }

  /** `refresh` for a conversation already on screen: a failure is logged, the cached page stays. */
  refreshInBackground(id: string): void {
    this.#o.background('conversations.open', this.refresh(id));
  }

  /** An older page: from the cache when it holds a gap-free run, else from the server (and then cached). */
  async history(id: string, beforeSeq: number): Promise<MessagesPage> {
    const { cache, requests, views } = this.#o;
    const lastSeq = cache.conversations.get(id)?.conversation.lastSeq ?? 0;
    const cached = cache.messages.page(id, beforeSeq, LIMITS.historyPageMax, lastSeq);
    const fromCache = () => ({
      messages: cached.messages.map((m) => views.messageView(m)),
      hasMore: (cached.messages[0]?.seq ?? beforeSeq) > 1,
    });
    if (cached.complete || !requests.isOnline) return fromCache();
    const result = await requests.request('messages.history', {
      conversationId: id,
      beforeSeq,
      limit: LIMITS.historyPageMax,
    });
    cache.transaction(() => {
      for (const message of result.messages) cache.messages.insert(message);
    });
    return { messages: result.messages.map((m) => views.messageView(m)), hasMore: result.hasMore };
  }

  search(query: string, conversationId: string | undefined, limit = 50): MessageView[] {
    const fts = toFtsQuery(query, MESSAGE_SEARCH_MIN_CHARS);
    if (fts === null)
      throw new AppError(
        'QUERY_TOO_SHORT',
        `Type at least ${MESSAGE_SEARCH_MIN_CHARS} characters to search.`,
      );
    return this.#o.cache.search
      .search(fts, Math.min(limit, MESSAGE_SEARCH_MAX_RESULTS), conversationId)
      .map((m) => this.#o.views.messageView(m));
  }

  // ───────────── writing ─────────────

  markRead(id: string): Promise<ConversationView> {
    return this.#o.reads.markRead(id);
  }

  markAllRead(): Promise<number> {
    return this.#o.reads.markAllRead();
  }

  async markUnread(id: string): Promise<ConversationView> {
    const { conversation } = await this.#o.requests.request('conversations.markUnread', {
      conversationId: id,
    });
    return this.#o.views.store(conversation);
  }

  async hide(id: string): Promise<void> {
    await this.#o.requests.request('conversations.hide', { conversationId: id });
    this.#o.views.removeFromList(id);
  }

  /** Accepting makes it an ordinary conversation: if it is on screen, it is read now (receipts may go). */
  async accept(id: string): Promise<ConversationView> {
    const { conversation } = await this.#o.requests.request('conversations.accept', {
      conversationId: id,
    });
    const view = this.#o.views.store(conversation);
    // The receipts held back while it was a request.
    if (conversation.lastSeq > 0)
      this.#o.background(
        'messages.delivered',
        this.#o.requests.request('messages.delivered', { conversationId: id, upToSeq: conversation.lastSeq }),
      );
    if (this.#o.conversationInView() === id)
      this.#o.background('markRead', this.#o.reads.markReadIfUnread(id));
    return view;
  }

  async decline(id: string): Promise<void> {
    await this.#o.requests.request('conversations.decline', { conversationId: id });
    this.#o.views.removeFromList(id);
  }

  /** Leaving is at once: the list drops it now; the server's `conversation.removed` clears its history. */
  async leave(id: string): Promise<void> {
    await this.#o.requests.request('conversations.leave', { conversationId: id });
    this.#o.views.removeFromList(id);
  }

  async startDirect(userId: string): Promise<ConversationView> {
    const { conversation } = await this.#o.requests.request('conversations.startDirect', { userId });
    return this.#o.views.store(conversation);
  }

  async createGroup(userIds: string[], title: string | undefined): Promise<ConversationView> {
    const { conversation } = await this.#o.requests.request('conversations.createGroup', {
      userIds,
      ...(title ? { title } : {}),
    });
    return this.#o.views.store(conversation);
  }

  mute(id: string, duration: MuteDuration | 'off'): ConversationView {
    this.#o.settings.muteConversation(id, duration);
    const view = this.#requireView(id);
    this.#o.events.push('conversations.changed', { conversations: [view] });
    return view;
  }

  send(conversationId: string, body: string): MessageView {
    this.#meId();
    const entry = this.#o.outbox.enqueue(conversationId, body);
    this.#o.cache.drafts.set(conversationId, '', this.#o.clock.now());
    return outboxMessageView(entry);
  }

  retry(clientId: string): MessageView {
    return outboxMessageView(this.#o.outbox.retry(clientId));
  }

  /** Drops a failed message; returns what it said (Edit puts it in the composer, Undo restores it). */
  discard(clientId: string): { clientId: string; conversationId: string; body: string } {
    const entry = this.#o.outbox.discard(clientId);
    this.#o.events.push('messages.removed', { conversationId: entry.conversationId, clientId });
    return { clientId, conversationId: entry.conversationId, body: entry.body };
  }

  restore(clientId: string): MessageView {
    return outboxMessageView(this.#o.outbox.restore(clientId));
  }

  /**
   * The viewer's typing indicator. Not sent into a message request they have not accepted: typing would
   * tell the requester someone is reading it.
   */
  async setTyping(conversationId: string, typing: boolean): Promise<void> {
    if (this.#o.views.isIncomingRequest(conversationId)) return;
    await this.#o.requests.request('typing.set', { conversationId, typing });
  }
}
