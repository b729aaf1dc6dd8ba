import type { ApiClient } from '../api/client.ts';
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

  constructor(client: ApiClient, feedback: Feedback) {
    this.#client = client;
    this.#feedback = feedback;
    this.permission = new Store<WebNotificationPermission>(
      typeof Notification === 'undefined' ? 'unsupported' : Notification.permission,
    );
  }

  subscribe(): (() => void)[] {
    const on = this.#client.on.bind(this.#client);
    const reportFocus = () => this.#reportFocus();
    window.addEventListener('focus', reportFocus);
    window.addEventListener('blur', reportFocus);
    document.addEventListener('visibilitychange', reportFocus);
    this.#reportFocus();
    return [
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

  #show(n: { tag: string; title: string; body: string; silent: boolean }): void {
    if (typeof Notification === 'undefined') return;
    if (Notification.permission !== 'granted') {
      if (Notification.permission === 'default') this.missed.set(true);
      return;
    }
    this.permission.set('granted');
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
