import type { NotificationContent } from '../core/policy/notify.ts';
import type { Shell } from '../core/shell.ts';
import { BadgeService } from './badge/badge-service.ts';
import type { BadgePorts } from './badge/badge-service.ts';
import { NotificationService } from './notifications/notification-service.ts';
import type { NotificationFactory } from './notifications/notification-service.ts';

/** The window as the shell needs it. */
export interface ShellWindow {
  showAndFocus(): void;
  isFocused(): boolean;
}

/** What the shell calls back into (the core and its router), bound once the core exists. */
export interface ShellCallbacks {
  notificationClicked(tag: string): void;
  reply(conversationId: string, body: string): void;
  canReply(conversationId: string): boolean;
  /** The "flash the window frame" setting is on and do-not-disturb is off. */
  shouldFlash(): boolean;
}

export interface DesktopShellOptions {
  notificationFactory: NotificationFactory;
  badge: Omit<BadgePorts, 'isWindowFocused' | 'shouldFlash'>;
  window: ShellWindow;
}

/**
 * The core's `Shell` on the desktop: OS notifications (one per conversation, click → window + that
 * conversation, inline reply), dock / taskbar count with a frame flash, and window focus. Built from
 * injected ports, so the whole path is unit-tested without Electron; `app.ts` passes the real ones.
 *
 * The shell exists before the core (the core is made with it), so what it calls back into is bound in
 * one explicit step, `bind`, once the core is there. Until then a click or a reply has nowhere to go, and
 * cannot happen anyway: only the core shows notifications.
 */
export class DesktopShell implements Shell {
  readonly notifications: NotificationService;
  readonly badge: BadgeService;
  readonly #window: ShellWindow;
  #callbacks: ShellCallbacks | null = null;

  constructor(options: DesktopShellOptions) {
    this.#window = options.window;
    this.notifications = new NotificationService({
      factory: options.notificationFactory,
      clicked: (tag) => this.#callbacks?.notificationClicked(tag),
      replied: (conversationId, text) => this.#callbacks?.reply(conversationId, text),
      canReply: (conversationId) => this.#callbacks?.canReply(conversationId) ?? false,
    });
    this.badge = new BadgeService({
      ...options.badge,
      isWindowFocused: () => this.#window.isFocused(),
      shouldFlash: () => this.#callbacks?.shouldFlash() ?? false,
    });
  }

  bind(callbacks: ShellCallbacks): void {
    this.#callbacks = callbacks;
  }

  showNotification(notification: NotificationContent & { silent: boolean }): void {
    this.notifications.show(notification);
  }

  removeNotification(tag: string): void {
    this.notifications.remove(tag);
  }

  removeAllNotifications(): void {
    this.notifications.removeAll();
  }

  setBadgeCount(count: number): void {
    this.badge.set(count);
  }

  focusWindow(): void {
    this.#window.showAndFocus();
  }

  isWindowFocused(): boolean {
    return this.#window.isFocused();
  }
}
