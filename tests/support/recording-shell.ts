import type { NotificationContent } from '../../src-main/core/policy/notify.ts';
import type { Shell } from '../../src-main/core/shell.ts';

/**
 * A `Shell` that records everything the core asked of it, for tests and benches (it grows without bound,
 * which is why it lives here and not in the app).
 */
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

  removeAllNotifications(): void {
    this.removed.push('*');
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
