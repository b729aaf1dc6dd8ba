import { join } from 'node:path';
import type { Me, Message } from '../../src-shared/domain.ts';
import type {
  ConnectionState,
  ConversationView,
  IpcEventName,
  IpcEventPayload,
} from '../../src-shared/ipc.ts';
import { Account } from './account.ts';
import { BadgeCounter } from './badge-counter.ts';
import { Cache } from './cache/cache.ts';
import type { CoreOptions } from './core-options.ts';
import { systemClock } from './clock.ts';
import type { Clock } from './clock.ts';
import { AuthApi } from './connection/auth-api.ts';
import { Connection } from './connection/connection.ts';
import { ServerAddress } from './connection/server-address.ts';
import { SessionKeeper } from './connection/session.ts';
import { ConversationViews } from './conversation-views.ts';
import { Conversations } from './conversations.ts';
import { Effects } from './effects.ts';
import { IpcEvents } from './ipc-events.ts';
import { Notifier } from './notifier.ts';
import { Outbox } from './outbox/outbox.ts';
import { OnScreen } from './on-screen.ts';
import { privateDir } from './private-files.ts';
import { ReadMarker } from './read-marker.ts';
import { ConfSettingsStore } from './settings/conf-settings-store.ts';
import { FileSessionStore } from './settings/session-store.ts';
import { SettingsService } from './settings/settings-service.ts';
import type { Shell } from './shell.ts';
import { META_PREFS } from './sync/apply-event.ts';
import { SyncEngine } from './sync/sync-engine.ts';
import { Trace } from './trace.ts';
import { TypingTracker } from './typing.ts';
import { backgroundRunner, UnexpectedErrors } from './unexpected.ts';
import { outboxMessageView } from './views.ts';

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
  readonly unexpected: UnexpectedErrors;
  readonly cache: Cache;
  readonly settings: SettingsService;
  readonly server: ServerAddress;
  readonly session: SessionKeeper;
  readonly connection: Connection;
  readonly sync: SyncEngine;
  readonly outbox: Outbox;
  readonly conversations: Conversations;
  readonly account: Account;
  readonly #shell: Shell;
  readonly #badge: BadgeCounter;
  readonly #onScreen: OnScreen;
  readonly #notifier: Notifier;
  readonly #typing: TypingTracker;
  readonly #effects: Effects;
  #closed = false;
  #stopped: Promise<void> = Promise.resolve();

  constructor(options: CoreOptions) {
    privateDir(options.dataDir);
    const clock = (this.clock = options.clock ?? systemClock);
    const random = options.random ?? Math.random;
    const trace = (this.trace = options.trace ?? new Trace(() => clock.now()));
    const events = this.events;
    const shell = (this.#shell = options.shell);
    const unexpected = (this.unexpected = options.unexpected ?? new UnexpectedErrors());
    unexpected.onReport((error) => events.push('app.unexpectedError', error));
    const background = backgroundRunner(trace, unexpected);
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
    const server = (this.server = new ServerAddress(
      options.serverUrl,
      settings.get().serverUrl,
      options.serverIsEmbedded ?? false,
    ));
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
      background,
      resumeFromSeq: () => cache.meta.lastSeq(),
      ...(options.createSocket ? { createSocket: options.createSocket } : {}),
      ...(options.timings ? { timings: options.timings } : {}),
      ...(options.clientInfo ? { clientInfo: options.clientInfo } : {}),
      handlers: {
        welcome: (frame, resumedFrom) => {
          session.setMe(frame.me);
          events.push('me.changed', { me: frame.me });
          this.sync.welcome(frame, resumedFrom);
          background('prefs.get', this.#refreshPrefs());
          this.outbox.kick();
        },
        event: (seq, event) => this.sync.event(seq, event),
        ephemeral: (event) => {
          this.sync.flush(); // a typing start after a message must not be cleared by that message's burst
          this.#typing.apply(event, this.session.me?.id ?? null);
        },
        caughtUp: (seq) => this.sync.caughtUpAt(seq),
        resyncRequired: (latestSeq) => background('resync', this.sync.resync(latestSeq)),
        state: (state) => this.#onConnectionState(state),
        signedOut: () => this.account.sessionEnded(),
        malformed: (detail) => trace.emit('core.error', { where: 'server frame', message: detail }),
      },
    }));
    this.#notifier = new Notifier({
      cache,
      shell,
      settings,
      clock,
      trace,
      meId,
      activeConversationId: () => this.#onScreen.active,
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
    const reads = new ReadMarker({
      cache,
      requests: connection,
      views,
      clearNotification,
      trace,
    });
    this.#onScreen = new OnScreen({ shell, reads, clearNotification, events, background });
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
      background,
      meChanged: (me) => session.setMe(me),
      conversationInView: () => this.#onScreen.inView(),
      badgeChanged,
    });
    this.sync = new SyncEngine({
      cache,
      requests: connection,
      trace,
      background,
      meId,
      resume: (reason) => connection.resume(reason),
      sink: {
        effects: (effects, replayed) => this.#effects.apply(effects, replayed),
        resynced: (ids, removed) => {
          for (const id of removed) events.push('conversations.removed', { conversationId: id });
          views.pushChanged(ids);
          badgeChanged();
        },
        caughtUp: () => {
          connection.setCaughtUp(true);
          const active = this.#onScreen.active;
          if (active !== null) this.conversations.refreshInBackground(active);
        },
      },
    });
    this.outbox = new Outbox({
      cache,
      requests: connection,
      clock,
      random,
      trace,
      background,
      meId,
      changed: (entry) =>
        events.push('messages.changed', {
          conversationId: entry.conversationId,
          messages: [outboxMessageView(entry)],
        }),
      failuresChanged: (conversationId) => views.pushChanged([conversationId]),
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
      background,
      meId,
      conversationInView: () => this.#onScreen.inView(),
    });
    this.account = new Account({
      session,
      server,
      settings,
      connection,
      claimCacheFor: (userId) => this.sync.claimFor(userId),
      events,
      forgetUser: () => this.#forgetUser(),
    });
  }

  /** Shows the cached list at once, then connects when a session is stored. */
  start(): ConversationView[] {
    const me = this.session.me;
    if (me) this.sync.claimFor(me.id);
    const list = this.conversations.list();
    this.trace.emit('core.ready', { conversations: list.length });
    this.#badge.schedule();
    this.outbox.start();
    if (me) this.connection.start();
    return list;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    // First, so an answer still on its way finds the outbox closed and leaves the store alone.
    this.#stopped = this.outbox.close();
    this.connection.stop();
    this.sync.close();
    this.#typing.reset();
    this.#badge.close();
    this.#effects.reset();
    this.cache.close();
  }

  /** Resolves once the outbox's pump has stopped after `close` (nothing of the core runs on after it). */
  whenStopped(): Promise<void> {
    return this.#stopped;
  }

  get me(): Me | null {
    return this.session.me;
  }

  get activeConversationId(): string | null {
    return this.#onScreen.active;
  }

  connectionState(): ConnectionState {
    return this.connection.state;
  }

  // ───────────── shell signals ─────────────

  /** The OS says the network is back. */
  online(): void {
    this.connection.online();
  }

  /** The OS says the network is gone (the connection banner then says "offline", not "server unreachable"). */
  offline(): void {
    this.connection.networkLost();
  }

  resumed(): void {
    this.connection.resumed();
  }

  focusChanged(focused: boolean): void {
    this.#onScreen.focusChanged(focused);
  }

  setActiveConversation(conversationId: string | null): void {
    this.#onScreen.setActive(conversationId);
  }

  pageFocusChanged(focused: boolean): void {
    this.#onScreen.pageFocusChanged(focused);
  }

  notificationClicked(tag: string): void {
    this.#onScreen.notificationClicked(tag);
  }

  /**
   * Every piece of per-user state goes: the open conversation, unsent and undoable messages, queued
   * receipts, typing, notifications on screen, per-conversation mutes, the cache (messages, drafts,
   * prefs), and with it the badge and the tray's lists (they follow `badge.changed` and
   * `session.changed`). The next person at this computer starts from nothing.
   */
  #forgetUser(): void {
    this.#onScreen.reset();
    this.outbox.reset();
    this.#effects.reset();
    this.#typing.reset();
    this.#shell.removeAllNotifications();
    this.cache.wipe();
    this.settings.clearMutes();
    this.#badge.schedule();
  }

  // ───────────── for the shells and the router ─────────────

  push<E extends IpcEventName>(name: E, payload: IpcEventPayload<E>): void {
    this.events.push(name, payload);
  }

  /** "Mark all as read" (message requests excepted); returns how many conversations were marked. */
  markAllRead(): Promise<number> {
    return this.conversations.markAllRead();
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

  #onConnectionState(state: ConnectionState): void {
    if (state.status !== 'online') {
      this.sync.disconnected();
      if (state.status !== 'connecting') this.#typing.reset();
    }
    this.trace.emit('connection.state', { status: state.status });
    this.events.push('connection.changed', state);
  }

  async #refreshPrefs(): Promise<void> {
    const { prefs } = await this.connection.request('prefs.get', {});
    this.cache.meta.set(META_PREFS, JSON.stringify(prefs));
  }
}

export type { CoreOptions };

export function createCore(options: CoreOptions): Core {
  return new Core(options);
}
