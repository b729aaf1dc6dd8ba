import type {
  AppNotification,
  Me,
  NotificationPrefs,
  UserProfile,
  UserSummary,
} from '../../src-shared/domain.ts';
import type { ConnectionState, ConversationView, LocalSettings, MessageView } from '../../src-shared/ipc.ts';
import type { RendererApi } from '../api/api.ts';
import { errorMessage } from '../api/api-error.ts';
import { ApiClient } from '../api/client.ts';
import { mergeMessages } from '../lib/grouping.ts';
import { cycleRecent, touchRecent } from '../lib/navigation.ts';
import { Store } from './store.ts';
import type { Overlay, Toast, UiState } from './ui-state.ts';

export interface SessionSlice {
  status: 'loading' | 'ready';
  me: Me | null;
}

export interface ConversationsSlice {
  byId: ReadonlyMap<string, ConversationView>;
  loaded: boolean;
  error: string | null;
}

export interface ThreadState {
  messages: readonly MessageView[];
  /** The server said there is nothing before the oldest loaded message. */
  reachedStart: boolean;
  status: 'loading' | 'ready' | 'error';
  loadingOlder: boolean;
  error: string | null;
  /** The viewer's read watermark when the conversation was opened: where the "new messages" line goes. */
  unreadAfterSeq: number | null;
}

export interface NotificationsSlice {
  items: readonly AppNotification[];
  unreadCount: number;
  loaded: boolean;
}

const EMPTY_THREAD: ThreadState = {
  messages: [],
  reachedStart: false,
  status: 'loading',
  loadingOlder: false,
  error: null,
  unreadAfterSeq: null,
};

const ZOOM_KEY = 'beatpass.zoom';

function readZoom(): number {
  try {
    const value = Number(globalThis.localStorage?.getItem(ZOOM_KEY));
    return Number.isFinite(value) && value >= 0.5 && value <= 3 ? value : 1;
  } catch {
    return 1;
  }
}

/**
 * Everything the renderer knows, as small subscribable stores fed by `window.api` events. Components
 * read them through hooks and call the actions below; nothing else talks to the bridge.
 */
export class AppModel {
  readonly client: ApiClient;
  readonly session = new Store<SessionSlice>({ status: 'loading', me: null });
  readonly connection = new Store<ConnectionState | null>(null);
  readonly conversations = new Store<ConversationsSlice>({ byId: new Map(), loaded: false, error: null });
  readonly typing = new Store<ReadonlyMap<string, readonly string[]>>(new Map());
  readonly settings = new Store<LocalSettings | null>(null);
  readonly prefs = new Store<NotificationPrefs | null>(null);
  readonly notifications = new Store<NotificationsSlice>({ items: [], unreadCount: 0, loaded: false });
  readonly openReports = new Store<number>(0);
  readonly badge = new Store<number>(0);
  /** Everyone met so far (participants, search results), for names and avatars. */
  readonly people = new Store<ReadonlyMap<string, UserSummary>>(new Map());
  readonly profiles = new Store<ReadonlyMap<string, UserProfile>>(new Map());
  readonly ui = new Store<UiState>({
    activeId: null,
    overlays: [],
    recent: [],
    recentCursor: null,
    jump: null,
    composerFocus: 0,
    zoom: readZoom(),
  });
  readonly toasts = new Store<readonly Toast[]>([]);

  readonly #threads = new Map<string, Store<ThreadState>>();
  readonly #unsubscribe: (() => void)[] = [];
  #toastId = 0;
  #jumpNonce = 0;

  constructor(api: RendererApi) {
    this.client = new ApiClient(api);
  }

  // ───────────── lifecycle ─────────────

  start(): void {
    const on = this.client.on.bind(this.client);
    this.#unsubscribe.push(
      on('session.changed', ({ me }) => this.#setMe(me)),
      on('me.changed', ({ me }) => this.session.set((s) => ({ ...s, me }))),
      on('connection.changed', (state) => this.connection.set(state)),
      on('conversations.changed', ({ conversations }) => this.#upsertConversations(conversations)),
      on('conversations.removed', ({ conversationId }) => this.#removeConversation(conversationId)),
      on('messages.changed', ({ conversationId, messages }) => {
        this.#threads
          .get(conversationId)
          ?.set((t) => ({ ...t, messages: mergeMessages(t.messages, messages) }));
      }),
      on('messages.removed', ({ conversationId, clientId }) => {
        this.#threads
          .get(conversationId)
          ?.set((t) => ({ ...t, messages: t.messages.filter((m) => m.clientId !== clientId) }));
      }),
      on('typing.changed', ({ conversationId, userIds }) => {
        this.typing.set((prev) => {
          const next = new Map(prev);
          if (userIds.length === 0) next.delete(conversationId);
          else next.set(conversationId, userIds);
          return next;
        });
      }),
      on('badge.changed', ({ count }) => this.badge.set(count)),
      on('notifications.created', ({ notification }) => {
        // The event carries no count: a new unread one adds one (notifications.unread corrects it later).
        this.notifications.set((n) => {
          const known = n.items.some((i) => i.id === notification.id);
          return {
            ...n,
            unreadCount: n.unreadCount + (!known && notification.readAt === null ? 1 : 0),
            items: [notification, ...n.items.filter((i) => i.id !== notification.id)],
          };
        });
      }),
      on('notifications.unread', ({ unreadCount }) => this.notifications.set((n) => ({ ...n, unreadCount }))),
      on('follow.changed', ({ followerId, followeeId }) => {
        for (const id of [followerId, followeeId]) if (this.profiles.get().has(id)) void this.loadProfile(id);
      }),
      on('prefs.changed', ({ prefs }) => this.prefs.set(prefs)),
      on('settings.changed', (settings) => this.settings.set(settings)),
      on('moderation.changed', ({ openReports }) => this.openReports.set(openReports)),
      on('navigate.conversation', ({ conversationId }) => this.openConversation(conversationId)),
      // The global hotkey brought the window up: the quick switcher, ready to type.
      on('navigate.quickSwitcher', () => {
        if (this.session.get().me) this.pushOverlay({ kind: 'quickSwitcher' });
      }),
    );
    void this.#boot();
  }

  stop(): void {
    for (const off of this.#unsubscribe.splice(0)) off();
  }

  async #boot(): Promise<void> {
    const [session, connection, settings] = await Promise.allSettled([
      this.client.call('session.get', {}),
      this.client.call('connection.get', {}),
      this.client.call('settings.get', {}),
    ]);
    if (connection.status === 'fulfilled') this.connection.set(connection.value);
    if (settings.status === 'fulfilled') this.settings.set(settings.value);
    this.#setMe(session.status === 'fulfilled' ? session.value.me : null);
  }

  #setMe(me: Me | null): void {
    const previous = this.session.get().me;
    this.session.set({ status: 'ready', me });
    if (me && previous?.id !== me.id) void this.#loadSignedIn(me);
    if (!me) this.#clearSignedIn();
  }

  async #loadSignedIn(me: Me): Promise<void> {
    void this.reloadConversations();
    void this.client.call('prefs.get', {}).then(
      ({ prefs }) => this.prefs.set(prefs),
      () => undefined,
    );
    void this.loadNotifications();
    void this.client.call('badge.get', {}).then(
      ({ count }) => this.badge.set(count),
      () => undefined,
    );
    if (me.role === 'moderator') {
      void this.client.call('moderation.reports', {}).then(
        ({ reports }) => this.openReports.set(reports.filter((r) => r.status === 'open').length),
        () => undefined,
      );
    }
  }

  #clearSignedIn(): void {
    this.conversations.set({ byId: new Map(), loaded: false, error: null });
    this.#threads.clear();
    this.typing.set(new Map());
    this.notifications.set({ items: [], unreadCount: 0, loaded: false });
    this.profiles.set(new Map());
    this.prefs.set(null);
    this.ui.set((u) => ({ ...u, activeId: null, overlays: [], recent: [], recentCursor: null, jump: null }));
  }

  // ───────────── conversations ─────────────

  async reloadConversations(): Promise<void> {
    try {
      const { conversations } = await this.client.call('conversations.list', {});
      this.#rememberPeople(conversations.flatMap((c) => c.participants));
      this.conversations.set({
        byId: new Map(conversations.map((c) => [c.id, c])),
        loaded: true,
        error: null,
      });
    } catch (error) {
      this.conversations.set((s) => ({ ...s, loaded: true, error: errorMessage(error) }));
    }
  }

  #upsertConversations(conversations: readonly ConversationView[]): void {
    if (conversations.length === 0) return;
    this.#rememberPeople(conversations.flatMap((c) => c.participants));
    this.conversations.set((s) => {
      const byId = new Map(s.byId);
      for (const c of conversations) byId.set(c.id, c);
      return { ...s, byId };
    });
  }

  #removeConversation(conversationId: string): void {
    this.conversations.set((s) => {
      if (!s.byId.has(conversationId)) return s;
      const byId = new Map(s.byId);
      byId.delete(conversationId);
      return { ...s, byId };
    });
    this.#threads.delete(conversationId);
    this.ui.set((u) => ({
      ...u,
      activeId: u.activeId === conversationId ? null : u.activeId,
      recent: u.recent.filter((id) => id !== conversationId),
    }));
    if (this.ui.get().activeId === null)
      void this.client.call('conversations.setActive', { conversationId: null }).catch(() => undefined);
  }

  #rememberPeople(users: readonly UserSummary[]): void {
    if (users.length === 0) return;
    const known = this.people.get();
    if (users.every((u) => known.get(u.id) === u)) return;
    this.people.set((prev) => {
      const next = new Map(prev);
      for (const u of users) next.set(u.id, u);
      return next;
    });
  }

  rememberPeople(users: readonly UserSummary[]): void {
    this.#rememberPeople(users);
  }

  thread(conversationId: string): Store<ThreadState> {
    let store = this.#threads.get(conversationId);
    if (!store) {
      store = new Store<ThreadState>(EMPTY_THREAD);
      this.#threads.set(conversationId, store);
    }
    return store;
  }

  /** Shows a conversation: marks it active (main marks it read), loads its newest page, focuses the composer. */
  openConversation(conversationId: string, options: { keepCycle?: boolean } = {}): void {
    this.ui.set((u) => ({
      ...u,
      activeId: conversationId,
      overlays: [],
      recent: options.keepCycle ? u.recent : touchRecent(u.recent, conversationId),
      recentCursor: options.keepCycle ? u.recentCursor : null,
      composerFocus: u.composerFocus + 1,
    }));
    void this.client.call('conversations.setActive', { conversationId }).catch(() => undefined);
    void this.#loadThread(conversationId);
  }

  closeConversation(): void {
    this.ui.set((u) => ({ ...u, activeId: null }));
    void this.client.call('conversations.setActive', { conversationId: null }).catch(() => undefined);
  }

  async #loadThread(conversationId: string): Promise<void> {
    const store = this.thread(conversationId);
    const conversation = this.conversations.get().byId.get(conversationId);
    const first = store.get().status !== 'ready';
    if (first)
      store.set((t) => ({
        ...t,
        status: 'loading',
        error: null,
        unreadAfterSeq: conversation ? unreadAfter(conversation) : null,
      }));
    try {
      const result = await this.client.call('conversations.open', { conversationId });
      this.#upsertConversations([result.conversation]);
      store.set((t) => ({
        ...t,
        status: 'ready',
        error: null,
        messages: mergeMessages(t.messages, result.messages),
        // The cached page may come before the server's answer (which arrives as messages.changed), so
        // "more before" is derived from sequence numbers (see hasOlder), not from this first answer.
      }));
    } catch (error) {
      store.set((t) => ({
        ...t,
        status: t.messages.length > 0 ? 'ready' : 'error',
        error: errorMessage(error),
      }));
    }
  }

  /** Loads the page before the oldest message shown. Resolves false when there is nothing more. */
  async loadOlder(conversationId: string): Promise<boolean> {
    const store = this.thread(conversationId);
    const t = store.get();
    const oldest = t.messages.find((m) => m.seq !== null)?.seq;
    if (t.loadingOlder || !hasOlder(t) || oldest === undefined || oldest === null) return false;
    store.set((s) => ({ ...s, loadingOlder: true }));
    try {
      const result = await this.client.call('conversations.history', { conversationId, beforeSeq: oldest });
      store.set((s) => ({
        ...s,
        loadingOlder: false,
        reachedStart: !result.hasMore,
        messages: mergeMessages(s.messages, result.messages),
      }));
      return result.hasMore;
    } catch (error) {
      store.set((s) => ({ ...s, loadingOlder: false, error: errorMessage(error) }));
      return false;
    }
  }

  /** Opens a conversation and scrolls to a message, loading older pages until it is there. */
  async jumpToMessage(conversationId: string, message: Pick<MessageView, 'clientId' | 'seq'>): Promise<void> {
    this.openConversation(conversationId);
    const store = this.thread(conversationId);
    await waitFor(store, (t) => t.status !== 'loading');
    const has = () => store.get().messages.some((m) => m.clientId === message.clientId);
    while (!has() && hasOlder(store.get())) {
      const before = store.get().messages.length;
      await this.loadOlder(conversationId);
      if (store.get().messages.length === before) break;
    }
    this.#jumpNonce += 1;
    this.ui.set((u) => ({
      ...u,
      jump: { conversationId, clientId: message.clientId, nonce: this.#jumpNonce },
    }));
  }

  /**
   * "Retry now" in the offline banner. The IPC contract has no reconnect channel yet (see
   * docs/renderer.md, contract gaps), so this refreshes the connection state; main retries on its own timer.
   */
  async retryConnection(): Promise<void> {
    try {
      this.connection.set(await this.client.call('connection.retry', {}));
    } catch (error) {
      this.toast(errorMessage(error), 'error');
    }
  }

  // ───────────── messages ─────────────

  async send(conversationId: string, body: string): Promise<void> {
    const { message } = await this.client.call('messages.send', { conversationId, body });
    this.thread(conversationId).set((t) => ({ ...t, messages: mergeMessages(t.messages, [message]) }));
  }

  async retry(conversationId: string, clientId: string): Promise<void> {
    try {
      const { message } = await this.client.call('messages.retry', { clientId });
      this.thread(conversationId).set((t) => ({ ...t, messages: mergeMessages(t.messages, [message]) }));
    } catch (error) {
      this.toast(errorMessage(error), 'error');
    }
  }

  async discard(conversationId: string, clientId: string): Promise<void> {
    try {
      await this.client.call('messages.discard', { clientId });
      this.thread(conversationId).set((t) => ({
        ...t,
        messages: t.messages.filter((m) => m.clientId !== clientId),
      }));
    } catch (error) {
      this.toast(errorMessage(error), 'error');
    }
  }

  // ───────────── people ─────────────

  async loadProfile(userId: string): Promise<UserProfile> {
    const { user } = await this.client.call('users.get', { userId });
    this.#setProfile(user);
    return user;
  }

  #setProfile(user: UserProfile): void {
    this.profiles.set((prev) => new Map(prev).set(user.id, user));
  }

  async setFollow(userId: string, follow: boolean): Promise<void> {
    try {
      const { user } = await this.client.call(follow ? 'users.follow' : 'users.unfollow', { userId });
      this.#setProfile(user);
    } catch (error) {
      this.toast(errorMessage(error), 'error');
    }
  }

  async setCommunityMute(userId: string, mute: boolean): Promise<void> {
    try {
      const { user } = await this.client.call(mute ? 'moderation.mute' : 'moderation.unmute', { userId });
      this.#setProfile(user);
      this.toast(
        mute
          ? `${user.displayName} is muted in the community.`
          : `${user.displayName} can send messages again.`,
      );
    } catch (error) {
      this.toast(errorMessage(error), 'error');
    }
  }

  /** Finds or starts the direct conversation with a user, and opens it. */
  async messageUser(userId: string): Promise<void> {
    const existing = [...this.conversations.get().byId.values()].find(
      (c) => c.kind === 'direct' && c.participants.some((p) => p.id === userId),
    );
    if (existing) {
      this.openConversation(existing.id);
      return;
    }
    try {
      const { conversation } = await this.client.call('conversations.startDirect', { userId });
      this.#upsertConversations([conversation]);
      this.openConversation(conversation.id);
    } catch (error) {
      this.toast(errorMessage(error), 'error');
    }
  }

  // ───────────── notifications ─────────────

  async loadNotifications(): Promise<void> {
    try {
      const { notifications, unreadCount } = await this.client.call('notifications.list', {});
      this.notifications.set({ items: notifications, unreadCount, loaded: true });
    } catch {
      this.notifications.set((n) => ({ ...n, loaded: true }));
    }
  }

  async markNotificationsRead(ids?: string[]): Promise<void> {
    try {
      const { unreadCount } = await this.client.call('notifications.markRead', ids ? { ids } : {});
      const now = Date.now();
      this.notifications.set((n) => ({
        ...n,
        unreadCount,
        items: n.items.map((i) =>
          i.readAt === null && (!ids || ids.includes(i.id)) ? { ...i, readAt: now } : i,
        ),
      }));
    } catch (error) {
      this.toast(errorMessage(error), 'error');
    }
  }

  // ───────────── overlays, focus, zoom, toasts ─────────────

  pushOverlay(overlay: Overlay): void {
    this.ui.set((u) => ({
      ...u,
      overlays: [...u.overlays.filter((o) => o.kind !== overlay.kind || !singleton(o)), overlay],
    }));
  }

  /** Opens an overlay, or closes it when it is already the top one (toggle shortcuts). */
  toggleOverlay(overlay: Overlay): void {
    const top = this.ui.get().overlays.at(-1);
    if (top?.kind === overlay.kind) this.popOverlay();
    else this.pushOverlay(overlay);
  }

  popOverlay(): void {
    this.ui.set((u) => ({ ...u, overlays: u.overlays.slice(0, -1) }));
  }

  closeOverlays(): void {
    this.ui.set((u) => ({ ...u, overlays: [] }));
  }

  focusComposer(): void {
    this.ui.set((u) => ({ ...u, composerFocus: u.composerFocus + 1 }));
  }

  setZoom(zoom: number): void {
    try {
      globalThis.localStorage?.setItem(ZOOM_KEY, String(zoom));
    } catch {
      // Storage may be unavailable; zoom still applies for this session.
    }
    this.ui.set((u) => ({ ...u, zoom }));
  }

  /** Ctrl+Tab: step through recent conversations while Ctrl is held; `endRecentCycle` commits. */
  cycleRecent(delta: 1 | -1): void {
    const u = this.ui.get();
    const { cursor, id } = cycleRecent(u.recent, u.recentCursor ?? 0, delta);
    if (!id) return;
    this.ui.set((s) => ({ ...s, recentCursor: cursor }));
    this.openConversation(id, { keepCycle: true });
  }

  endRecentCycle(): void {
    const u = this.ui.get();
    if (u.recentCursor === null) return;
    this.ui.set((s) => ({
      ...s,
      recentCursor: null,
      recent: s.activeId ? touchRecent(s.recent, s.activeId) : s.recent,
    }));
  }

  toast(text: string, tone: Toast['tone'] = 'info'): void {
    const id = ++this.#toastId;
    this.toasts.set((t) => [...t.slice(-2), { id, text, tone }]);
    setTimeout(() => this.dismissToast(id), tone === 'error' ? 8000 : 4000);
  }

  dismissToast(id: number): void {
    this.toasts.set((t) => t.filter((x) => x.id !== id));
  }
}

/**
 * Whether messages exist before the oldest loaded one. Sequence numbers start at 1 and have no gaps, so
 * an oldest seq above 1 means more, unless the server already said there is nothing further back.
 */
export function hasOlder(thread: Pick<ThreadState, 'messages' | 'reachedStart'>): boolean {
  if (thread.reachedStart) return false;
  const oldest = thread.messages.find((m) => m.seq !== null)?.seq;
  return oldest !== undefined && oldest !== null && oldest > 1;
}

function singleton(overlay: Overlay): boolean {
  return overlay.kind !== 'user' && overlay.kind !== 'producer' && overlay.kind !== 'people';
}

function unreadAfter(conversation: ConversationView): number | null {
  return conversation.unreadCount > 0 ? conversation.lastReadSeq : null;
}

function waitFor<T>(store: Store<T>, predicate: (value: T) => boolean): Promise<void> {
  if (predicate(store.get())) return Promise.resolve();
  return new Promise((resolve) => {
    const off = store.subscribe(() => {
      if (!predicate(store.get())) return;
      off();
      resolve();
    });
  });
}
