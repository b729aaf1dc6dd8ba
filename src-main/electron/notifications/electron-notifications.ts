import { Notification } from 'electron';
import type { NativeImage } from 'electron';
import type { NotificationFactory } from './notification-service.ts';

/**
 * Real OS notifications. The tag becomes the notification id (macOS identifier, Windows toast tag), so
 * the OS too keeps one per conversation; `hasReply` gives macOS (and Windows) an inline reply field.
 */
export function electronNotificationFactory(icon: NativeImage | undefined): NotificationFactory {
  return (spec, handlers) => {
    const notification = new Notification({
      id: spec.tag,
      groupId: 'beatpass-messages',
      title: spec.title,
      body: spec.body,
      silent: spec.silent,
      ...(icon ? { icon } : {}),
      ...(spec.replyPlaceholder !== null ? { hasReply: true, replyPlaceholder: spec.replyPlaceholder } : {}),
    });
    notification.on('click', () => handlers.click());
    notification.on('reply', (details) => handlers.reply(details.reply));
    notification.on('close', () => handlers.closed());
    return { show: () => notification.show(), close: () => notification.close() };
  };
}
