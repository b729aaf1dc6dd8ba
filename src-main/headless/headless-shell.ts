import { EventEmitter } from 'node:events';
import type { NotificationContent } from '../core/policy/notify.ts';
import { RecordingShell } from '../core/shell.ts';

export type RecordedNotification = NotificationContent & { silent: boolean };

interface ShellEvents {
  notification: [RecordedNotification];
  removed: [string];
  badge: [number];
  focus: [];
}

/**
 * The headless host's `Shell`: records what the core asked for (notifications, removals, the badge and
 * tray count, focus requests) so tests can assert it, and lets them wait for the next one instead of
 * sleeping. `clickNotification` plays a notification click through the core, as the desktop does.
 *
 * Window focus: a browser page has no OS window, so "focused" means a page is connected, unless a test
 * pins it with `setFocused`.
 */
export class HeadlessShell extends RecordingShell {
  readonly #emitter = new EventEmitter<ShellEvents>();
  /** Notifications on screen now, by tag (replaced by a newer one, gone when removed or clicked). */
  readonly active = new Map<string, RecordedNotification>();
  /** Every badge count set, in order; the tray shows the same number. */
  readonly badgeHistory: number[] = [];
  #pinnedFocus: boolean | null = null;
  #connectedPages = 0;
  #clicked: (tag: string) => void = () => {};

  constructor() {
    super();
    this.#emitter.setMaxListeners(0);
  }

  /** What the tray would show (the same count as the badge). */
  get trayCount(): number {
    return this.badge;
  }

  override showNotification(notification: RecordedNotification): void {
    super.showNotification(notification);
    this.active.set(notification.tag, notification);
    this.#emitter.emit('notification', notification);
  }

  override removeNotification(tag: string): void {
    super.removeNotification(tag);
    this.active.delete(tag);
    this.#emitter.emit('removed', tag);
  }

  override setBadgeCount(count: number): void {
    super.setBadgeCount(count);
    this.badgeHistory.push(count);
    this.#emitter.emit('badge', count);
  }

  override focusWindow(): void {
    super.focusWindow();
    this.#emitter.emit('focus');
  }

  override isWindowFocused(): boolean {
    return this.#pinnedFocus ?? this.#connectedPages > 0;
  }

  /** Pins window focus for a test (null: follow whether a page is connected). */
  setFocused(focused: boolean | null): void {
    this.#pinnedFocus = focused;
    this.focused = this.isWindowFocused();
  }

  /** Clicks a shown notification: the core focuses the window and tells the page which conversation to open. */
  clickNotification(tag: string): void {
    if (!this.active.delete(tag)) throw new Error(`No notification with tag ${tag} is shown.`);
    this.#clicked(tag);
  }

  /** Resolves with the next matching record (checking what is already there first for notifications). */
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

  /** Wiring for the host: where clicks go, and how many pages are connected. */
  bind(clicked: (tag: string) => void): void {
    this.#clicked = clicked;
  }

  pageConnected(delta: 1 | -1): boolean {
    const before = this.isWindowFocused();
    this.#connectedPages += delta;
    this.focused = this.isWindowFocused();
    return before !== this.focused;
  }
}
