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

/** What the shell calls back into (the core and its router), bound after the core exists. */
export interface ShellCallbacks {
  notificationClicked(tag: string): void;
  reply(conversationId: string, body: string): void;
  canReply(conversationId: string): boolean;
}

export interface DesktopShellOptions {
  notificationFactory: NotificationFactory;
  badge: Omit<BadgePorts, 'isWindowFocused'>;
  window: ShellWindow;
  callbacks: () => ShellCallbacks;
}

/**
 * The core's `Shell` on the desktop: OS notifications (one per conversation, click → window + that
 * conversation, inline reply), dock / taskbar / tray count with a frame flash, and window focus. Built from
 * injected ports, so the whole path is unit-tested without Electron; `app.ts` passes the real ones.
 */
export class DesktopShell implements Shell {
  readonly notifications: NotificationService;
  readonly badge: BadgeService;
  readonly #window: ShellWindow;

  constructor(options: DesktopShellOptions) {
    this.#window = options.window;
    this.notifications = new NotificationService({
      factory: options.notificationFactory,
      clicked: (tag) => options.callbacks().notificationClicked(tag),
      replied: (conversationId, text) => options.callbacks().reply(conversationId, text),
      canReply: (conversationId) => options.callbacks().canReply(conversationId),
    });
    this.badge = new BadgeService({ ...options.badge, isWindowFocused: () => this.#window.isFocused() });
  }

  showNotification(notification: NotificationContent & { silent: boolean }): void {
    this.notifications.show(notification);
  }

  removeNotification(tag: string): void {
    this.notifications.remove(tag);
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
