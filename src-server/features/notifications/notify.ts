import { NOTIFICATION_TYPE_OF_KIND } from '../../../src-shared/domain.ts';
import { assertNever } from '../../../src-shared/errors.ts';
import type { AppNotification, AppNotificationData } from '../../../src-shared/domain.ts';
import type { Work } from '../../events/unit-of-work.ts';
import { newId } from '../../ids.ts';
import { hasBlocked } from '../consent/blocks.ts';
import { wantsChannel } from './prefs-store.ts';

/**
 * Records an in-app notification (the bell) and announces it, unless the user switched the in-app channel
 * off for that type, or blocked the person it comes from (who is never told). Desktop notifications are the
 * app's decision, from the same preferences.
 */
export async function notify(
  work: Work,
  userId: string,
  data: AppNotificationData,
): Promise<AppNotification | null> {
  const from = actorOf(data);
  if (from !== null && (await hasBlocked(work.trx, userId, from))) return null;
  if (!(await wantsChannel(work.trx, userId, NOTIFICATION_TYPE_OF_KIND[data.kind], 'in_app'))) return null;
  const notification: AppNotification = { id: newId(), data, createdAt: work.now, readAt: null };
  await work.trx
    .insertInto('notifications')
    .values({
      id: notification.id,
      user_id: userId,
      kind: data.kind,
      data: JSON.stringify(data),
      created_at: work.now,
      read_at: null,
    })
    .execute();
  await work.emit(userId, { type: 'notification.created', notification });
  return notification;
}

/** The person a notification comes from, if it comes from a person. */
function actorOf(data: AppNotificationData): string | null {
  switch (data.kind) {
    case 'new_follower':
      return data.follower.id;
    case 'playlist_invite':
    case 'message_request':
      return data.from.id;
    case 'new_upload':
      return null;
    default:
      return assertNever(data, 'notification');
  }
}
