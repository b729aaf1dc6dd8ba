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
import { AppError, assertNever } from '../../src-shared/errors.ts';
import { BadgeCounter } from './badge-counter.ts';
import { Cache } from './cache/cache.ts';
import { systemClock } from './clock.ts';
import type { Clock, Random } from './clock.ts';
import { AuthApi } from './connection/auth-api.ts';
import type { BackoffPolicy } from './connection/backoff.ts';
import { Connection } from './connection/connection.ts';
import type { ConnectionTimings } from './connection/connection.ts';
import { ServerAddress } from './connection/server-address.ts';
import { SessionKeeper } from './connection/session.ts';
import { ConversationViews } from './conversation-views.ts';
import { Conversations } from './conversations.ts';
import { Effects } from './effects.ts';
import { IpcEvents } from './ipc-events.ts';
import { Notifier } from './notifier.ts';
import { Outbox } from './outbox/outbox.ts';
import { ReadMarker } from './read-marker.ts';
import { ConfSettingsStore } from './settings/conf-settings-store.ts';
import { FileSessionStore } from './settings/session-store.ts';
import type { SessionStore } from './settings/session-store.ts';
import { SettingsService } from './settings/settings-service.ts';
import type { SettingsStore } from './settings/settings-store.ts';
import type { Shell } from './shell.ts';
import { META_PREFS } from './sync/apply-event.ts';
import { SyncEngine } from './sync/sync-engine.ts';
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
 *
 * The constructor is the core's composition root: each part is built here and gets only the narrow
 * functions and interfaces it needs (never the core itself), so no part depends on the order of the
 * others' construction or reaches back into the whole.
 */
export class Core {
  readonly clock: Clock;
  readonly trace: Trace;
  readonly events = new IpcEvents();
  readonly cache: Cache;
  readonly settings: SettingsService;
  readonly server: ServerAddress;
  readonly session: SessionKeeper;
  readonly connection: Connection;
  readonly sync: SyncEngine;
  readonly outbox: Outbox;
  readonly conversations: Conversations;
  readonly #shell: Shell;
  readonly #badge: BadgeCounter;
  readonly #reads: ReadMarker;
  readonly #notifier: Notifier;
  readonly #typing: TypingTracker;
  readonly #effects: Effects;
  #activeConversationId: string | null = null;
  #closed = false;

  constructor(options: CoreOptions) {
    mkdirSync(options.dataDir, { recursive: true });
    const clock = (this.clock = options.clock ?? systemClock);
    const random = options.random ?? Math.random;
    const trace = (this.trace = options.trace ?? new Trace(() => clock.now()));
    const events = this.events;
    const shell = (this.#shell = options.shell);
    const meId = () => this.session.me?.id ?? null;
    const badgeChanged = () => this.#badge.schedule();
    const clearNotification = (conversationId: string) => this.#notifier.clearConversation(conversationId);

    const cache = (this.cache = Cache.open({
      path: options.cacheFile ?? join(options.dataDir, 'cache.sqlite'),
      onNewerSchema: options.rebuildNewerCache ? 'rebuild' : 'refuse',
    }));
    const settings = (this.settings = new SettingsService(
      options.settings ?? new ConfSettingsStore({ cwd: options.dataDir }),
      clock,
      (s) => {
        events.push('settings.changed', s);
        badgeChanged();
      },
    ));
    this.#badge = new BadgeCounter({
      rows: () => cache.conversations.badgeRows(),
      isMuted: (id) => settings.isMuted(id),
      meId,
      clock,
      changed: (count) => {
        shell.setBadgeCount(count);
        events.push('badge.changed', { count });
        trace.emit('badge.changed', { count });
      },
    });
    const server = (this.server = new ServerAddress(options.serverUrl, settings.get().serverUrl));
    const session = (this.session = new SessionKeeper(
      new AuthApi(server, options.fetch),
      options.sessions ?? new FileSessionStore(join(options.dataDir, 'session.json')),
      server,
    ));
    const connection = (this.connection = new Connection({
      server,
      clock,
      random,
      tokens: session,
      resumeFromSeq: () => cache.meta.lastSeq(),
      ...(options.createSocket ? { createSocket: options.createSocket } : {}),
      ...(options.timings ? { timings: options.timings } : {}),
      ...(options.clientInfo ? { clientInfo: options.clientInfo } : {}),
      handlers: {
        welcome: (frame, resumedFrom) => {
          session.setMe(frame.me);
          events.push('me.changed', { me: frame.me });
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
    }));
    this.#notifier = new Notifier({
      cache,
      shell,
      settings,
      clock,
      trace,
      meId,
      activeConversationId: () => this.#activeConversationId,
    });
    this.#typing = new TypingTracker(clock, (conversationId, userIds) =>
      events.push('typing.changed', { conversationId, userIds }),
    );
    const views = new ConversationViews({
      cache,
      muteOf: (id) => settings.muteOf(id),
      meId,
      events,
      badgeChanged,
      clearNotification,
    });
    const reads = (this.#reads = new ReadMarker({
      cache,
      requests: connection,
      views,
      clearNotification,
      trace,
    }));
    this.#effects = new Effects({
      cache,
      requests: connection,
      views,
      reads,
      notifier: this.#notifier,
      typing: this.#typing,
      events,
      clock,
      trace,
      meChanged: (me) => session.setMe(me),
      conversationInView: () => (shell.isWindowFocused() ? this.#activeConversationId : null),
      badgeChanged,
    });
    this.sync = new SyncEngine({
      cache,
      requests: connection,
      trace,
      meId,
      sink: {
        effects: (effects, replayed) => this.#effects.apply(effects, replayed),
        resynced: (ids, removed) => {
          for (const id of removed) events.push('conversations.removed', { conversationId: id });
          views.pushChanged(ids);
          badgeChanged();
        },
        caughtUp: () => {
          connection.setCaughtUp(true);
          if (this.#activeConversationId !== null)
            this.conversations.refreshInBackground(this.#activeConversationId);
        },
      },
    });
    this.outbox = new Outbox({
      cache,
      requests: connection,
      clock,
      random,
      trace,
      meId,
      changed: (entry) =>
        events.push('messages.changed', {
          conversationId: entry.conversationId,
          messages: [outboxMessageView(entry)],
        }),
      acked: (effects) => this.#effects.apply(effects, false),
      ...options.outbox,
    });
    this.conversations = new Conversations({
      cache,
      requests: connection,
      views,
      reads,
      outbox: this.outbox,
      settings,
      events,
      clearNotification,
      badgeChanged,
      clock,
      trace,
      meId,
    });
  }

  /** Shows the cached list at once, then connects when a session is stored. */
  start(): ConversationView[] {
    const me = this.session.me;
    if (me) this.sync.claimFor(me.id);
    const list = this.conversations.list();
    this.trace.emit('core.ready', { conversations: list.length });
    this.#badge.schedule();
    if (me) this.connection.start();
    return list;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.outbox.close();
    this.connection.stop();
    this.#typing.reset();
    this.#badge.close();
    this.#effects.reset();
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
      void this.#reads.markReadIfUnread(this.#activeConversationId);
  }

  setActiveConversation(conversationId: string | null): void {
    this.#activeConversationId = conversationId;
    if (conversationId !== null) {
      this.#notifier.clearConversation(conversationId);
      if (this.#shell.isWindowFocused()) void this.#reads.markReadIfUnread(conversationId);
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
    if (this.session.me !== null) throw new AppError('FORBIDDEN', 'Sign out before changing the server.');
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
    this.#badge.schedule();
  }

  // ───────────── for the shells and the router ─────────────

  push<E extends IpcEventName>(name: E, payload: IpcEventPayload<E>): void {
    this.events.push(name, payload);
  }

  /** The unread count on the dock, taskbar and tray (computed by the badge counter, as every recount is). */
  badgeCount(): number {
    return this.#badge.count();
  }

  /** Applies the notification policy to one message, as a live event would (tests of the shells use it). */
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
      this.trace.emit('core.error', { where: 'prefs.get', message: AppError.from(error).message });
    }
  }
}

export function createCore(options: CoreOptions): Core {
  return new Core(options);
}
