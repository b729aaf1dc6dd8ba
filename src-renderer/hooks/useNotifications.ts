import type { Loadable } from '../model/loadable.ts';
import type { NotificationList } from '../model/notifications-model.ts';
import { useModel, useStore } from './model-context.ts';

export function useNotifications(): Loadable<NotificationList> {
  return useStore(useModel().notifications.list);
}

/** The bell's unread count (0 until the list has loaded). */
export function useUnreadNotifications(): number {
  return useNotifications().value?.unreadCount ?? 0;
}
