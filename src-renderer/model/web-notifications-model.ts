import type { ApiClient } from '../api/client.ts';
import { afterPaintWhenIdle } from '../lib/when-idle.ts';
import type { Feedback } from './feedback.ts';
import { Store } from './store.ts';

/** The browser's answer for this page: not asked yet, allowed, refused, or no Notifications API at all. */
export type WebNotificationPermission = NotificationPermission | 'unsupported';

/**
 * Browser mode only (the desktop shows OS notifications itself): the core decides what to notify and
 * sends `webNotification.show` / `close`; this shows them with the Web Notifications API once the person
 * allowed it, one per tag, and a click goes back as `webNotification.click` (the core then opens the
 * conversation, as for an OS notification). It also tells the core whether the page is focused and
 * visible (`window.focus`), which decides read-on-arrival and whether the open conversation notifies.
 */
export class WebNotificationsModel {
  readonly permission: Store<WebNotificationPermission>;
  /** The core wanted to notify while the browser had not been asked: the moment to offer it. */
  readonly missed = new Store<boolean>(false);
  readonly #client: ApiClient;
  readonly #feedback: Feedback;
  readonly #shown = new Map<string, Notification>();
  /** Whether `permission` has been read from the browser yet (see `subscribe`). */
  #permissionRead = false;

  constructor(client: ApiClient, feedback: Feedback) {
    this.#client = client;
    this.#feedback = feedback;
    // "Not asked yet" until the first read, on idle after the first frame (subscribe): nothing shows it
    // before then, and a notification reads it afresh anyway.
    this.permission = new Store<WebNotificationPermission>(
      typeof Notification === 'undefined' ? 'unsupported' : 'default',
    );
  }

  subscribe(): (() => void)[] {
    const on = this.#client.on.bind(this.#client);
    const reportFocus = () => {
      if (this.#permissionRead) this.#syncPermission();
      this.#reportFocus();
    };
    window.addEventListener('focus', reportFocus);
    window.addEventListener('blur', reportFocus);
    document.addEventListener('visibilitychange', reportFocus);
    this.#reportFocus();
    // Reading Notification.permission is a synchronous call into the browser (about 17 ms of the main
    // thread per page load in profiles, more on a loaded machine): not in the start-up script, but once a
    // frame has painted and the page is idle (while it waits for the view chunk or the core's answers).
    let stopWatching = () => {};
    const stopReading = afterPaintWhenIdle(() => {
      this.#syncPermission();
      stopWatching = this.#watchPermission();
    });
    return [
      () => {
        stopReading();
        stopWatching();
      },
      on('webNotification.show', (n) => this.#show(n)),
      on('webNotification.close', ({ tag }) => {
        this.#shown.get(tag)?.close();
        this.#shown.delete(tag);
      }),
      () => {
        window.removeEventListener('focus', reportFocus);
        window.removeEventListener('blur', reportFocus);
        document.removeEventListener('visibilitychange', reportFocus);
      },
    ];
  }

  /** Asks the browser (needs a click: browsers refuse a request nobody made). */
  async requestPermission(): Promise<void> {
    if (typeof Notification === 'undefined') return;
    try {
      this.permission.set(await Notification.requestPermission());
    } catch (error) {
      this.#feedback.toast('The browser did not let the app ask for notifications.', 'error');
      this.#feedback.log('asking for notification permission', error);
    }
  }

  /**
   * Follows the browser's setting: a person can allow or block notifications for the site at any time
   * (the padlock menu, the browser's settings), and Settings must not keep saying "On" after a block.
   * The Permissions API tells us at once where the browser has it; focus and each notification re-read
   * `Notification.permission` everywhere else.
   */
  #watchPermission(): () => void {
    if (typeof Notification === 'undefined' || !('permissions' in navigator)) return () => {};
    let status: PermissionStatus | null = null;
    let stopped = false;
    const changed = () => this.#syncPermission();
    navigator.permissions.query({ name: 'notifications' }).then(
      (answer) => {
        if (stopped) return;
        status = answer;
        status.addEventListener('change', changed);
        this.#syncPermission();
      },
      (error: unknown) => this.#feedback.log('watching the notification permission', error),
    );
    return () => {
      stopped = true;
      status?.removeEventListener('change', changed);
    };
  }

  #syncPermission(): void {
    if (typeof Notification === 'undefined') return;
    this.#permissionRead = true;
    this.permission.set(Notification.permission);
  }

  #show(n: { tag: string; title: string; body: string; silent: boolean }): void {
    if (typeof Notification === 'undefined') return;
    this.#syncPermission();
    if (Notification.permission !== 'granted') {
      if (Notification.permission === 'default') this.missed.set(true);
      return;
    }
    this.#shown.get(n.tag)?.close();
    const notification = new Notification(n.title, { body: n.body, tag: n.tag, silent: n.silent });
    notification.onclick = () => {
      window.focus();
      notification.close();
      this.#shown.delete(n.tag);
      this.#client
        .call('webNotification.click', { tag: n.tag })
        .catch((error: unknown) => this.#feedback.log('opening a notification', error));
    };
    notification.onclose = () => {
      if (this.#shown.get(n.tag) === notification) this.#shown.delete(n.tag);
    };
    this.#shown.set(n.tag, notification);
  }

  #reportFocus(): void {
    const focused = document.hasFocus() && document.visibilityState === 'visible';
    this.#client
      .call('window.focus', { focused })
      .catch((error: unknown) => this.#feedback.log('reporting window focus', error));
  }
}
