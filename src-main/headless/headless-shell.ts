import { EventEmitter } from 'node:events';
import type { IpcEvents } from '../core/ipc-events.ts';
import type { NotificationContent } from '../core/policy/notify.ts';
import type { Shell } from '../core/shell.ts';

export type ShownNotification = NotificationContent & { silent: boolean };

interface ShellEvents {
  notification: [ShownNotification];
  removed: [string];
  badge: [number];
  focus: [];
}

/** Notifications kept as "on screen" at most; the oldest goes first (a browser shows a handful anyway). */
const MAX_ACTIVE_NOTIFICATIONS = 50;

/**
 * The headless host's `Shell` (browser mode). The page shows what the desktop would: each notification
 * goes to it as a `webNotification.show` event (the renderer uses the Web Notifications API), removals as
 * `webNotification.close`, and the badge count reaches it as the core's own `badge.changed`.
 *
 * It keeps only current state, never a history: the notifications on screen (by tag, capped), the badge
 * count, and whether a page has focus. Tests watch it through `waitFor` (an event, not a record), and may
 * pin window focus or click a notification as a person would.
 *
 * Window focus: a page that is connected counts as focused unless it says otherwise (`pageFocusChanged`,
 * from the `window.focus` channel); a test may pin it with `setFocused`.
 */
export class HeadlessShell implements Shell {
  readonly #emitter = new EventEmitter<ShellEvents>();
  readonly #active = new Map<string, ShownNotification>();
  #badge = 0;
  #focusRequests = 0;
  #pinnedFocus: boolean | null = null;
  #pageFocused = true;
  #connectedPages = 0;
  #push: Pick<IpcEvents, 'push'>['push'] | null = null;
  #clicked: (tag: string) => void = () => {};

  constructor() {
    this.#emitter.setMaxListeners(0);
  }

  /** Wiring for the host, once the core exists: where notifications go, and where clicks go. */
  bind(wiring: { events: Pick<IpcEvents, 'push'>; clicked: (tag: string) => void }): void {
    this.#push = (name, payload) => wiring.events.push(name, payload);
    this.#clicked = wiring.clicked;
  }

  /** The unread count on the (page's) badge now. */
  get badge(): number {
    return this.#badge;
  }

  /** How many times the core asked to bring the window forward. */
  get focusRequests(): number {
    return this.#focusRequests;
  }

  /** The notifications on screen now, by tag. */
  get active(): ReadonlyMap<string, ShownNotification> {
    return this.#active;
  }

  showNotification(notification: ShownNotification): void {
    this.#active.delete(notification.tag);
    this.#active.set(notification.tag, notification);
    for (const tag of this.#active.keys()) {
      if (this.#active.size <= MAX_ACTIVE_NOTIFICATIONS) break;
      this.#active.delete(tag);
    }
    this.#push?.('webNotification.show', {
      tag: notification.tag,
      conversationId: notification.conversationId,
      title: notification.title,
      body: notification.body,
      silent: notification.silent,
    });
    this.#emitter.emit('notification', notification);
  }

  removeNotification(tag: string): void {
    if (!this.#active.delete(tag)) return;
    this.#push?.('webNotification.close', { tag });
    this.#emitter.emit('removed', tag);
  }

  removeAllNotifications(): void {
    for (const tag of [...this.#active.keys()]) this.removeNotification(tag);
  }

  setBadgeCount(count: number): void {
    this.#badge = count;
    this.#emitter.emit('badge', count);
  }

  focusWindow(): void {
    // A page cannot be raised from here; the page opens the conversation (`navigate.conversation`).
    this.#focusRequests += 1;
    this.#emitter.emit('focus');
  }

  isWindowFocused(): boolean {
    return this.#pinnedFocus ?? (this.#connectedPages > 0 && this.#pageFocused);
  }

  /** The page reported focus or visibility; true when that changed whether the window counts as focused. */
  pageFocusChanged(focused: boolean): boolean {
    const before = this.isWindowFocused();
    this.#pageFocused = focused;
    return before !== this.isWindowFocused();
  }

  /** A page connected (+1) or left (-1); true when that changed whether the window counts as focused. */
  pageConnected(delta: 1 | -1): boolean {
    const before = this.isWindowFocused();
    this.#connectedPages += delta;
    if (this.#connectedPages === 0) this.#pageFocused = true;
    return before !== this.isWindowFocused();
  }

  /** Pins window focus for a test (null: follow the pages). */
  setFocused(focused: boolean | null): void {
    this.#pinnedFocus = focused;
  }

  /** Clicks a notification on screen, as a person would: the same path as the page's `webNotification.click`. */
  clickNotification(tag: string): void {
    if (!this.#active.has(tag)) throw new Error(`No notification with tag ${tag} is shown.`);
    this.#clicked(tag);
  }

  /** Resolves with the next matching event (a test waits on it instead of sleeping). */
  waitFor<K extends keyof ShellEvents>(
    kind: K,
    predicate: (...args: ShellEvents[K]) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<ShellEvents[K]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#emitter.off(kind, listener as never);
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for shell ${kind}`));
      }, timeoutMs);
      const listener = (...args: ShellEvents[K]) => {
        if (!predicate(...args)) return;
        clearTimeout(timer);
        this.#emitter.off(kind, listener as never);
        resolve(args);
      };
      this.#emitter.on(kind, listener as never);
    });
  }
}
