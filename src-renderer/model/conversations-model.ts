import type { ConversationView, MessageView, MuteDuration } from '../../src-shared/ipc.ts';
import type { ApiClient } from '../api/client.ts';
import { errorMessage } from '../api/api-error.ts';
import { InFlight } from '../lib/in-flight.ts';
import { PaintGate } from '../lib/paint-gate.ts';
import { cycleRecent, touchRecent } from '../lib/navigation.ts';
import { dequal } from 'dequal';
import type { PeopleDirectory } from './people-model.ts';
import { Store } from './store.ts';
import { ComposeModel } from './compose-model.ts';
import { ListPages } from './list-pages.ts';
import { ThreadsModel } from './threads-model.ts';
import type { UiModel } from './ui-model.ts';

export interface ConversationsSlice {
  byId: ReadonlyMap<string, ConversationView>;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
}

/** Request notifications are marked read once the request is answered. */
export interface RequestNotifications {
  markReadAbout(conversationId: string): void;
}

/**
 * The conversation list and everything done to a conversation: open and close, read state, mute, hide,
 * accept and decline requests, start direct chats and groups. Histories live in `threads`.
 */
export class ConversationsModel {
  readonly list = new Store<ConversationsSlice>({ byId: new Map(), status: 'idle', error: null });
  /** Who is typing, by conversation id. */
  readonly typing = new Store<ReadonlyMap<string, readonly string[]>>(new Map());
  readonly threads: ThreadsModel;
  readonly compose: ComposeModel;
  readonly #client: ApiClient;
  readonly #ui: UiModel;
  readonly #people: PeopleDirectory;
  readonly #requests: RequestNotifications;
  /** Holds the server's page after an open until the cached page has painted (lib/paint-gate.ts). */
  readonly #gate = new PaintGate();
  /** Opens from the click to their cached page's frame: the list's later pages wait for them. */
  readonly #opens = new InFlight();
  readonly #pages: ListPages;
  #generation = 0;

  constructor(client: ApiClient, ui: UiModel, people: PeopleDirectory, requests: RequestNotifications) {
    this.#client = client;
    this.#ui = ui;
    this.#people = people;
    this.#requests = requests;
    this.#pages = new ListPages(client, this.#opens);
    this.threads = new ThreadsModel(client, ui, this.#gate);
    this.compose = new ComposeModel(client, ui);
  }

  subscribe(): (() => void)[] {
    const on = this.#client.on.bind(this.#client);
    return [
      ...this.threads.subscribe(),
      // Through the same gate as the threads' events, so the list and the history see them in order.
      on('conversations.changed', ({ conversations }) => this.#gate.run(() => this.#upsert(conversations))),
      on('conversations.removed', ({ conversationId }) => this.#gate.run(() => this.#remove(conversationId))),
      on('typing.changed', ({ conversationId, userIds }) => {
        this.typing.set((prev) => {
          const next = new Map(prev);
          if (userIds.length === 0) next.delete(conversationId);
          else next.set(conversationId, userIds);
          return next;
        });
      }),
      on('navigate.conversation', ({ conversationId }) => this.open(conversationId)),
    ];
  }

  get(conversationId: string): ConversationView | null {
    return this.list.get().byId.get(conversationId) ?? null;
  }

  /** The list's first page, asked for at start-up before the session is known (list-pages.ts). */
  prefetch(): void {
    this.#pages.prefetch();
  }

  async reload(): Promise<void> {
    const generation = ++this.#generation;
    this.list.set((s) => ({ ...s, status: s.status === 'ready' ? 'ready' : 'loading', error: null }));
    try {
      await this.#pages.load({
        wanted: () => generation === this.#generation,
        first: (page) => {
          this.#people.remember(page.conversations.flatMap((c) => c.participants));
          this.list.set({
            byId: new Map(page.conversations.map((c) => [c.id, c])),
            status: 'ready',
            error: null,
          });
        },
        later: (page) => {
          this.#people.remember(page.conversations.flatMap((c) => c.participants));
          this.list.set((s) => {
            const byId = new Map(s.byId);
            // A row already here came from a live change meanwhile: it is the newer one.
            for (const c of page.conversations) if (!byId.has(c.id)) byId.set(c.id, c);
            return { ...s, byId };
          });
        },
      });
    } catch (error) {
      if (generation === this.#generation)
        this.list.set((s) => ({
          ...s,
          status: s.status === 'ready' ? 'ready' : 'error',
          error: errorMessage(error),
        }));
    }
  }

  /** Reconnected: a list that failed to load loads again. */
  reloadIfFailed(): void {
    if (this.list.get().status === 'error') void this.reload();
  }

  reset(): void {
    this.#generation += 1;
    this.#pages.drop();
    this.list.set({ byId: new Map(), status: 'idle', error: null });
    this.threads.reset();
    this.typing.set(new Map());
  }

  // ───────────── what is on screen ─────────────

  /** Shows a conversation: marks it active (main marks it read), loads its newest page, focuses the composer. */
  open(conversationId: string, options: { keepCycle?: boolean } = {}): void {
    const before = this.get(conversationId);
    this.#ui.state.set((u) => ({
      ...u,
      activeId: conversationId,
      overlays: [],
      recent: options.keepCycle ? u.recent : touchRecent(u.recent, conversationId),
      recentCursor: options.keepCycle ? u.recentCursor : null,
      composerFocus: u.composerFocus + 1,
    }));
    this.#setActive(conversationId);
    const opened = this.#opens.begin();
    // The answer's conversation (now read: the list row loses its count) after the history's frame; the
    // open ends there too (the gate holds until that frame), or at once when it failed.
    void this.threads.open(conversationId, before).then((conversation) =>
      this.#gate.run(() => {
        if (conversation) this.#upsert([conversation]);
        opened();
      }),
    );
  }

  /** Leaves the open conversation; `focusList` puts the keyboard on its row in the list. */
  close(options: { focusList?: boolean } = {}): void {
    this.#ui.state.set((u) => ({ ...u, activeId: null }));
    if (options.focusList) this.#ui.focusList();
    this.#setActive(null);
  }

  /** Opens a conversation and scrolls to a message, loading older pages until it is there. */
  async jumpToMessage(conversationId: string, message: Pick<MessageView, 'clientId' | 'seq'>): Promise<void> {
    this.open(conversationId);
    await this.threads.reveal(conversationId, message.clientId);
    this.#ui.jumpTo(conversationId, message.clientId);
  }

  /** Ctrl+Tab: step through recent conversations while Ctrl is held; `endRecentCycle` commits. */
  cycleRecent(delta: 1 | -1): void {
    const u = this.#ui.state.get();
    const { cursor, id } = cycleRecent(u.recent, u.recentCursor ?? 0, delta);
    if (!id) return;
    this.#ui.state.set((s) => ({ ...s, recentCursor: cursor }));
    this.open(id, { keepCycle: true });
  }

  endRecentCycle(): void {
    const u = this.#ui.state.get();
    if (u.recentCursor === null) return;
    this.#ui.state.set((s) => ({
      ...s,
      recentCursor: null,
      recent: s.activeId ? touchRecent(s.recent, s.activeId) : s.recent,
    }));
  }

  // ───────────── actions on one conversation (each resolves true when it was done) ─────────────

  async markUnread(conversationId: string): Promise<boolean> {
    return this.#act(async () => {
      this.#upsert([(await this.#client.call('conversations.markUnread', { conversationId })).conversation]);
      if (this.#ui.activeId === conversationId) this.close({ focusList: true });
    });
  }

  async markRead(conversationId: string): Promise<boolean> {
    return this.#act(async () => {
      this.#upsert([(await this.#client.call('conversations.markRead', { conversationId })).conversation]);
    });
  }

  /**
   * Marks every unread (or marked-unread) conversation read in one `conversations.markAllRead` call (the
   * core leaves message requests alone); the rows follow from its `conversations.changed`. Resolves true
   * when it was done.
   */
  async markAllRead(): Promise<boolean> {
    try {
      const { marked } = await this.#client.call('conversations.markAllRead', {});
      this.#ui.toast(
        marked === 0
          ? 'Everything is already read.'
          : marked === 1
            ? '1 conversation marked as read.'
            : `${marked} conversations marked as read.`,
      );
      return true;
    } catch (error) {
      this.#ui.toast(`Could not mark everything as read: ${errorMessage(error)}`, 'error');
      return false;
    }
  }

  async mute(conversationId: string, duration: MuteDuration | 'off'): Promise<boolean> {
    return this.#act(
      async () => {
        const { conversation } = await this.#client.call('conversations.mute', { conversationId, duration });
        this.#upsert([conversation]);
      },
      duration === 'off' ? 'Notifications are back on for this conversation.' : 'Conversation muted.',
    );
  }

  /** Hides a conversation; throws the reason (the confirmation dialog shows it). */
  async hide(conversationId: string): Promise<void> {
    await this.#client.call('conversations.hide', { conversationId });
    this.#remove(conversationId);
    this.#ui.toast('Conversation hidden. It comes back if someone writes in it.');
  }

  /** Accepts a message request; throws the reason (the request banner shows it). */
  async accept(conversationId: string): Promise<void> {
    const wasInvitation = this.get(conversationId)?.kind !== 'direct';
    const { conversation } = await this.#client.call('conversations.accept', { conversationId });
    this.#upsert([conversation]);
    this.#requests.markReadAbout(conversationId);
    // Joined: now there is a history to load (and read).
    if (wasInvitation && this.#ui.activeId === conversationId) this.open(conversationId);
    this.#ui.focusComposer();
  }

  /**
   * Declines a message request for good, or an invitation to a group or team (which is leaving it before
   * joining); throws the reason (the confirmation dialog shows it).
   */
  async decline(conversationId: string): Promise<void> {
    const kind = this.get(conversationId)?.kind;
    // Already gone from the list (blocking the requester takes their request away): nothing to decline.
    if (kind === undefined) return;
    const invitation = kind !== 'direct';
    await this.#client.call(invitation ? 'conversations.leave' : 'conversations.decline', { conversationId });
    this.#requests.markReadAbout(conversationId);
    this.#remove(conversationId);
    this.#ui.toast(invitation ? 'Invitation declined.' : 'Request declined.');
  }

  /** Leaves a group (or the team of a team chat); throws the reason (the confirmation dialog shows it). */
  async leave(conversationId: string): Promise<void> {
    const kind = this.get(conversationId)?.kind;
    await this.#client.call('conversations.leave', { conversationId });
    this.#remove(conversationId);
    this.#ui.toast(kind === 'team' ? 'You left the team.' : 'You left the group.');
  }

  /** Finds or starts the direct conversation with a user, and opens it. */
  async messageUser(userId: string): Promise<void> {
    const existing = [...this.list.get().byId.values()].find(
      (c) => c.kind === 'direct' && c.participants.some((p) => p.id === userId),
    );
    if (existing) {
      this.open(existing.id);
      return;
    }
    try {
      const { conversation } = await this.#client.call('conversations.startDirect', { userId });
      this.#upsert([conversation]);
      this.open(conversation.id);
    } catch (error) {
      this.#ui.toast(errorMessage(error), 'error');
    }
  }

  /** Creates a group and opens it; throws the reason (the new-message dialog shows it). */
  async createGroup(userIds: string[], title: string): Promise<void> {
    const trimmed = title.trim();
    const { conversation } = await this.#client.call('conversations.createGroup', {
      userIds,
      ...(trimmed ? { title: trimmed } : {}),
    });
    this.#upsert([conversation]);
    this.open(conversation.id);
  }

  // ───────────── internals ─────────────

  /** Runs an action from a menu: a failure is shown as a toast, success optionally too. */
  async #act(action: () => Promise<void>, done?: string): Promise<boolean> {
    try {
      await action();
      if (done) this.#ui.toast(done);
      return true;
    } catch (error) {
      this.#ui.toast(errorMessage(error), 'error');
      return false;
    }
  }

  #setActive(conversationId: string | null): void {
    this.#client
      .call('conversations.setActive', { conversationId })
      .catch((error: unknown) => this.#ui.log('telling main which conversation is open', error));
  }

  #upsert(conversations: readonly ConversationView[]): void {
    // Opening answers with the conversation as the list already has it: an unchanged row keeps the list
    // (and everything derived from it, such as the sorted 5,000 rows) as it is.
    const byIdNow = this.list.get().byId;
    const changed = conversations.filter((c) => !dequal(byIdNow.get(c.id), c));
    if (changed.length === 0) return;
    this.#people.remember(changed.flatMap((c) => c.participants));
    this.list.set((s) => {
      const byId = new Map(s.byId);
      for (const c of changed) byId.set(c.id, c);
      return { ...s, byId };
    });
  }

  #remove(conversationId: string): void {
    this.list.set((s) => {
      if (!s.byId.has(conversationId)) return s;
      const byId = new Map(s.byId);
      byId.delete(conversationId);
      return { ...s, byId };
    });
    this.threads.forget(conversationId);
    const wasActive = this.#ui.activeId === conversationId;
    this.#ui.state.set((u) => ({
      ...u,
      activeId: wasActive ? null : u.activeId,
      recent: u.recent.filter((id) => id !== conversationId),
    }));
    if (wasActive) {
      this.#ui.focusList();
      this.#setActive(null);
    }
  }
}
