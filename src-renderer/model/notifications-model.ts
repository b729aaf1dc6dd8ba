import type { AppNotification } from '../../src-shared/domain.ts';
import type { ApiClient } from '../api/client.ts';
import { errorMessage } from '../api/api-error.ts';
import type { Feedback } from './feedback.ts';
import { LoadableStore } from './loadable.ts';
import { Store } from './store.ts';

export interface NotificationList {
  items: readonly AppNotification[];
  unreadCount: number;
}

/** The bell (followers, invites, uploads, requests) and the app badge. */
export class NotificationsModel {
  readonly list: LoadableStore<NotificationList>;
  readonly badge = new Store<number>(0);
  readonly #client: ApiClient;
  readonly #feedback: Feedback;

  constructor(client: ApiClient, feedback: Feedback) {
    this.#client = client;
    this.#feedback = feedback;
    this.list = new LoadableStore<NotificationList>(async () => {
      const { notifications, unreadCount } = await client.call('notifications.list', {});
      return { items: notifications, unreadCount };
    });
  }

  subscribe(): (() => void)[] {
    const on = this.#client.on.bind(this.#client);
    return [
      on('badge.changed', ({ count }) => this.badge.set(count)),
      on('notifications.created', ({ notification }) => {
        // The event carries no count: a new unread one adds one (notifications.unread corrects it later).
        const n = this.list.value ?? { items: [], unreadCount: 0 };
        const known = n.items.some((i) => i.id === notification.id);
        this.#update({
          unreadCount: n.unreadCount + (!known && notification.readAt === null ? 1 : 0),
          items: [notification, ...n.items.filter((i) => i.id !== notification.id)],
        });
      }),
      on('notifications.unread', ({ unreadCount }) =>
        this.#update({ ...(this.list.value ?? { items: [] }), unreadCount }),
      ),
    ];
  }

  async loadBadge(): Promise<void> {
    try {
      this.badge.set((await this.#client.call('badge.get', {})).count);
    } catch (error) {
      // badge.changed follows every change, so the next one corrects it.
      this.#feedback.log('reading the unread badge', error);
    }
  }

  /** Marks some (or, without ids, all) notifications read. */
  async markRead(ids?: string[]): Promise<void> {
    try {
      const { unreadCount } = await this.#client.call('notifications.markRead', ids ? { ids } : {});
      const now = Date.now();
      const items = (this.list.value?.items ?? []).map((i) =>
        i.readAt === null && (!ids || ids.includes(i.id)) ? { ...i, readAt: now } : i,
      );
      this.#update({ items, unreadCount });
    } catch (error) {
      this.#feedback.toast(errorMessage(error), 'error');
    }
  }

  /** Request notifications are about a conversation: once it is accepted or declined they are done. */
  markReadAbout(conversationId: string): void {
    const ids = (this.list.value?.items ?? [])
      .filter(
        (n) =>
          n.readAt === null && n.data.kind === 'message_request' && n.data.conversationId === conversationId,
      )
      .map((n) => n.id);
    if (ids.length > 0) void this.markRead(ids);
  }

  reset(): void {
    this.list.reset();
    this.badge.set(0);
  }

  #update(next: NotificationList): void {
    // Before the list is loaded an event changes nothing: the load (or its retry) brings the whole truth.
    if (this.list.get().status === 'ready') this.list.put(next);
  }
}
