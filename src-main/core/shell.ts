import type { NotificationContent } from './policy/notify.ts';

/**
 * What the core needs from the desktop around it. The Electron shell implements it with Notification,
 * Tray and BrowserWindow; the headless host forwards it to the browser page. Kept small on purpose: everything else the
 * UI needs goes through the IPC contract.
 */
export interface Shell {
  /** Shows a notification, replacing any earlier one with the same tag (one per conversation). */
  showNotification(notification: NotificationContent & { silent: boolean }): void;
  /** Removes the notification with this tag, if shown (the conversation was read). */
  removeNotification(tag: string): void;
  /** Removes every notification this app shows (sign-out: they belong to the account that left). */
  removeAllNotifications(): void;
  /** Tray tooltip/overlay and dock badge; 0 clears it. */
  setBadgeCount(count: number): void;
  /** Brings the window forward (a notification was clicked; the UI is told which conversation to show). */
  focusWindow(): void;
  /** Whether the app window has focus right now. */
  isWindowFocused(): boolean;
  /**
   * Browser mode: the page reported whether it is focused and visible (`window.focus`); returns whether
   * that changed the window's focus. The desktop leaves it out: the OS window's focus is what counts.
   */
  pageFocusChanged?(focused: boolean): boolean;
}
