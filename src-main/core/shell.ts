import type { NotificationContent } from './policy/notify.ts';

/**
 * What the core needs from the desktop around it. The Electron shell implements it with Notification,
 * Tray and BrowserWindow; the headless host with a recorder. Kept small on purpose: everything else the
 * UI needs goes through the IPC contract.
 */
export interface Shell {
  /** Shows a notification, replacing any earlier one with the same tag (one per conversation). */
  showNotification(notification: NotificationContent & { silent: boolean }): void;
  /** Removes the notification with this tag, if shown (the conversation was read). */
  removeNotification(tag: string): void;
  /** Tray tooltip/overlay and dock badge; 0 clears it. */
  setBadgeCount(count: number): void;
  /** Brings the window forward (a notification was clicked; the UI is told which conversation to show). */
  focusWindow(): void;
  /** Whether the app window has focus right now. */
  isWindowFocused(): boolean;
}

/** A shell that only records what it was asked: the headless host's and the tests'. */
export class RecordingShell implements Shell {
  readonly shown: (NotificationContent & { silent: boolean })[] = [];
  readonly removed: string[] = [];
  badge = 0;
  focused = false;
  focusRequests = 0;

  showNotification(notification: NotificationContent & { silent: boolean }): void {
    this.shown.push(notification);
  }

  removeNotification(tag: string): void {
    this.removed.push(tag);
  }

  setBadgeCount(count: number): void {
    this.badge = count;
  }

  focusWindow(): void {
    this.focusRequests += 1;
  }

  isWindowFocused(): boolean {
    return this.focused;
  }
}
