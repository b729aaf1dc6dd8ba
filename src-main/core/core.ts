import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type WebSocket from 'ws';
import type { Me, Message } from '../../src-shared/domain.ts';
import type {
  ConnectionState,
  ConversationView,
  IpcEventName,
  IpcEventPayload,
} from '../../src-shared/ipc.ts';
import type { EphemeralEvent, SignInBody, SignUpBody } from '../../src-shared/protocol.ts';
import { assertNever } from '../../src-shared/errors.ts';
import { Cache } from './cache/cache.ts';
import { systemClock } from './clock.ts';
import type { Clock, Random, Timer } from './clock.ts';
import { AuthApi } from './connection/auth-api.ts';
import type { BackoffPolicy } from './connection/backoff.ts';
import { Connection } from './connection/connection.ts';
import type { ConnectionTimings } from './connection/connection.ts';
import { SessionKeeper } from './connection/session.ts';
import { Conversations } from './conversations.ts';
import { Effects } from './effects.ts';
import { CoreError } from './errors.ts';
import { IpcEvents } from './ipc-events.ts';
import { Notifier } from './notifier.ts';
import { Outbox } from './outbox/outbox.ts';
import type { OutboxEntry } from './cache/outbox-store.ts';
import { unreadBadgeCount } from './policy/badge.ts';
import { ConfSettingsStore } from './settings/conf-settings-store.ts';
import { FileSessionStore } from './settings/session-store.ts';
import type { SessionStore } from './settings/session-store.ts';
import { SettingsService } from './settings/settings-service.ts';
import type { SettingsStore } from './settings/settings-store.ts';
import type { Shell } from './shell.ts';
import { META_PREFS } from './sync/apply-event.ts';
import { SyncEngine } from './sync/sync-engine.ts';
import { ServerAddress } from './connection/server-address.ts';
import { Trace } from './trace.ts';
import { TypingTracker } from './typing.ts';
import { outboxMessageView } from './views.ts';

export interface CoreOptions {
  /** Folder for the cache, and the default settings and session files. */
  dataDir: string;
  serverUrl: string;
  shell: Shell;
  /** Default: a `conf` JSON file in dataDir. The Electron shell passes its electron-store. */
  settings?: SettingsStore;
  /** Default: a 0600 JSON file in dataDir. The Electron shell passes its safeStorage-backed store. */
  sessions?: SessionStore;
  /** Default: `<dataDir>/cache.sqlite`. */
  cacheFile?: string;
  /** Rebuild a cache written by a newer app version (user consent, or a disposable-cache flag). */
  rebuildNewerCache?: boolean;
  clock?: Clock;
  random?: Random;
  createSocket?: (url: string) => WebSocket;
  fetch?: typeof fetch;
  timings?: Partial<ConnectionTimings>;
  outbox?: { retryBudget?: number; backoff?: BackoffPolicy };
  clientInfo?: { name: string; version: string };
  trace?: Trace;
}

/**
 * The app without its windows: connection, cache, sync, outbox, notification and badge policy. The router
 * serves the IPC contract from it; a shell (Electron or headless) feeds it OS signals and renders what it
 * asks for.
 */
export class Core {
  readonly trace: Trace;
  readonly events = new IpcEvents();
  readonly cache: Cache;
  readonly connection: Connection;
  readonly settings: SettingsService;
  readonly session: SessionKeeper;
  readonly server: ServerAddress;
  readonly outbox: Outbox;
  readonly sync: SyncEngine;
  readonly conversations: Conversations;
  readonly clock: Clock;
  readonly #shell: Shell;
  readonly #notifier: Notifier;
  readonly #typing: TypingTracker;
  #activeConversationId: string | null = null;
  #badge = -1;
  #badgeTimer: Timer | null = null;
  readonly #effects: Effects;
  #closed = false;

  constructor(options: CoreOptions) {
    mkdirSync(options.dataDir, { recursive: true });
    this.clock = options.clock ?? systemClock;
    const random = options.random ?? Math.random;
    this.trace = options.trace ?? new Trace(() => this.clock.now());
    this.#shell = options.shell;
    this.cache = Cache.open({
      path: options.cacheFile ?? join(options.dataDir, 'cache.sqlite'),
      onNewerSchema: options.rebuildNewerCache ? 'rebuild' : 'refuse',
    });
    this.settings = new SettingsService(
      options.settings ?? new ConfSettingsStore({ cwd: options.dataDir }),
      this.clock,
      (s) => {
        this.events.push('settings.changed', s);
        this.scheduleBadge();
      },
    );
    this.server = new ServerAddress(options.serverUrl, this.settings.get().serverUrl);
    this.session = new SessionKeeper(
      new AuthApi(this.server, options.fetch),
      options.sessions ?? new FileSessionStore(join(options.dataDir, 'session.json')),
      this.server,
    );
    this.connection = new Connection({
      server: this.server,
      clock: this.clock,
      random,
      tokens: this.session,
      resumeFromSeq: () => this.cache.meta.lastSeq(),
      ...(options.createSocket ? { createSocket: options.createSocket } : {}),
      ...(options.timings ? { timings: options.timings } : {}),
      ...(options.clientInfo ? { clientInfo: options.clientInfo } : {}),
      handlers: {
        welcome: (frame, resumedFrom) => {
          this.session.setMe(frame.me);
          this.events.push('me.changed', { me: frame.me });
          this.sync.welcome(frame, resumedFrom);
          void this.#refreshPrefs();
          this.outbox.kick();
        },
        event: (seq, event) => this.sync.event(seq, event),
        ephemeral: (event) => this.#onEphemeral(event),
        caughtUp: (seq) => this.sync.caughtUpAt(seq),
        resyncRequired: (latestSeq) => void this.sync.resync(latestSeq),
        state: (state) => this.#onConnectionState(state),
        signedOut: () => this.#onSignedOut(),
      },
    });
    const meId = () => this.session.me?.id ?? null;
    this.sync = new SyncEngine({
      cache: this.cache,
      requests: this.connection,
      trace: this.trace,
      meId,
      sink: {
        effects: (effects, replayed) => this.#effects.apply(effects, replayed),
        resynced: (ids, removed) => {
          for (const id of removed) this.events.push('conversations.removed', { conversationId: id });
          this.pushConversations(ids);
          this.scheduleBadge();
        },
        caughtUp: () => {
          this.connection.setCaughtUp(true);
          if (this.#activeConversationId !== null)
            void this.conversations.refresh(this.#activeConversationId);
        },
      },
    });
    this.outbox = new Outbox({
      cache: this.cache,
      requests: this.connection,
      clock: this.clock,
      random,
      trace: this.trace,
      meId,
      changed: (entry) => this.#pushOutbox(entry),
      acked: (effects) => this.#effects.apply(effects, false),
      ...options.outbox,
    });
    this.#notifier = new Notifier({
      cache: this.cache,
      shell: this.#shell,
      settings: this.settings,
      clock: this.clock,
      trace: this.trace,
      meId,
      activeConversationId: () => this.#activeConversationId,
    });
    this.#typing = new TypingTracker(this.clock, (conversationId, userIds) =>
      this.events.push('typing.changed', { conversationId, userIds }),
    );
    this.conversations = new Conversations(this);
    this.#effects = new Effects({
      core: this,
      notifier: this.#notifier,
      typing: this.#typing,
      shell: this.#shell,
    });
  }

  /** Shows the cached list at once, then connects when a session is stored. */
  start(): ConversationView[] {
    const me = this.session.me;
    if (me) this.sync.claimFor(me.id);
    const list = this.conversations.list();
    this.trace.emit('core.ready', { conversations: list.length });
    this.scheduleBadge();
    if (me) this.connection.start();
    return list;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.outbox.close();
    this.connection.stop();
    this.#typing.reset();
    this.#badgeTimer?.cancel();
    this.#effects.close();
    this.cache.close();
  }

  get me(): Me | null {
    return this.session.me;
  }

  get activeConversationId(): string | null {
    return this.#activeConversationId;
  }

  connectionState(): ConnectionState {
    return this.connection.state;
  }

  // ───────────── shell signals ─────────────

  online(): void {
    this.connection.online();
  }

  resumed(): void {
    this.connection.resumed();
  }

  /** The window gained or lost focus: reading the open conversation counts once it is visible. */
  focusChanged(focused: boolean): void {
    if (focused && this.#activeConversationId !== null)
      void this.conversations.markReadIfUnread(this.#activeConversationId);
  }

  setActiveConversation(conversationId: string | null): void {
    this.#activeConversationId = conversationId;
    if (conversationId !== null) {
      this.#notifier.clearConversation(conversationId);
      if (this.#shell.isWindowFocused()) void this.conversations.markReadIfUnread(conversationId);
    }
  }

  /** A notification was clicked: bring the window forward and ask the UI to show its conversation. */
  notificationClicked(tag: string): void {
    this.#shell.focusWindow();
    const match = /^conversation:(.+)$/.exec(tag);
    if (match?.[1]) this.events.push('navigate.conversation', { conversationId: match[1] });
  }

  // ───────────── session ─────────────

  /** Where the app signs in; changed at sign-in time only, so a session never straddles two servers. */
  serverInfo(): { url: string; defaultUrl: string } {
    return { url: this.server.url, defaultUrl: this.server.defaultUrl };
  }

  setServer(url: string | null): { url: string; defaultUrl: string } {
    if (this.session.me !== null) throw new CoreError('FORBIDDEN', 'Sign out before changing the server.');
    this.server.set(url);
    this.settings.setServerUrl(this.server.isDefault ? null : this.server.url);
    return this.serverInfo();
  }

  async signIn(body: SignInBody): Promise<Me> {
    return this.#afterSignIn(await this.session.signIn(body));
  }

  async signUp(body: SignUpBody): Promise<Me> {
    return this.#afterSignIn(await this.session.signUp(body));
  }

  /** Revokes the session and forgets this account's cache, outbox and drafts on this machine. */
  async signOut(): Promise<void> {
    this.connection.stop();
    await this.session.signOut();
    this.#forgetAccount();
  }

  #afterSignIn(me: Me): Me {
    if (this.sync.claimFor(me.id)) this.events.push('conversations.changed', { conversations: [] });
    this.events.push('session.changed', { me });
    this.connection.stop();
    this.connection.start();
    return me;
  }

  #onSignedOut(): void {
    if (this.session.me !== null) return;
    this.#forgetAccount();
  }

  #forgetAccount(): void {
    this.cache.wipe();
    this.#typing.reset();
    this.events.push('session.changed', { me: null });
    this.scheduleBadge();
  }

  // ───────────── pushing to the UI ─────────────

  push<E extends IpcEventName>(name: E, payload: IpcEventPayload<E>): void {
    this.events.push(name, payload);
  }

  pushConversations(ids: Iterable<string>): void {
    const views = [...new Set(ids)].map((id) => this.conversations.view(id)).filter((v) => v !== null);
    if (views.length > 0) this.events.push('conversations.changed', { conversations: views });
  }

  #pushOutbox(entry: OutboxEntry): void {
    this.events.push('messages.changed', {
      conversationId: entry.conversationId,
      messages: [outboxMessageView(entry)],
    });
  }

  /** Recomputes the badge soon (coalesced: a replay of thousands of events recomputes it once). */
  scheduleBadge(): void {
    if (this.#badgeTimer || this.#closed) return;
    this.#badgeTimer = this.clock.after(0, () => {
      this.#badgeTimer = null;
      if (this.#closed) return;
      const me = this.session.me;
      const count = me
        ? unreadBadgeCount(this.cache.conversations.badgeRows(), me.id, (id) => this.settings.isMuted(id))
        : 0;
      if (count === this.#badge) return;
      this.#badge = count;
      this.#shell.setBadgeCount(count);
      this.events.push('badge.changed', { count });
      this.trace.emit('badge.changed', { count });
    });
  }

  badgeCount(): number {
    const me = this.session.me;
    return me
      ? unreadBadgeCount(this.cache.conversations.badgeRows(), me.id, (id) => this.settings.isMuted(id))
      : 0;
  }

  notifyMessage(message: Message, replayed: boolean): void {
    this.#effects.notifyMessage(message, replayed);
  }

  clearNotification(conversationId: string): void {
    this.#notifier.clearConversation(conversationId);
  }

  #onEphemeral(event: EphemeralEvent): void {
    switch (event.type) {
      case 'typing':
        if (event.userId !== this.session.me?.id)
          this.#typing.set(event.conversationId, event.userId, event.typing);
        return;
      default:
        assertNever(event.type, 'ephemeral event');
    }
  }

  #onConnectionState(state: ConnectionState): void {
    if (state.status !== 'online') {
      this.sync.disconnected();
      if (state.status !== 'connecting') this.#typing.reset();
    }
    this.trace.emit('connection.state', { status: state.status });
    this.events.push('connection.changed', state);
  }

  async #refreshPrefs(): Promise<void> {
    try {
      const { prefs } = await this.connection.request('prefs.get', {});
      this.cache.meta.set(META_PREFS, JSON.stringify(prefs));
    } catch (error) {
      this.trace.emit('core.error', { where: 'prefs.get', message: CoreError.from(error).message });
    }
  }
}

export function createCore(options: CoreOptions): Core {
  return new Core(options);
}
