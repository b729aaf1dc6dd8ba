import type { Kysely } from 'kysely';
import { defaultNotificationPrefs, notificationPrefsSchema } from '../../../src-shared/domain.ts';
import type { NotificationChannel, NotificationPrefs, NotificationType } from '../../../src-shared/domain.ts';
import type { Database } from '../../store/schema.ts';

/** A user's notification preferences; every switch defaults to on, including for rows written before a type existed. */
export async function loadPrefs(db: Kysely<Database>, userId: string): Promise<NotificationPrefs> {
  const row = await db
    .selectFrom('notification_prefs')
    .select('prefs')
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!row) return defaultNotificationPrefs();
  const stored = notificationPrefsSchema.partial().safeParse(JSON.parse(row.prefs));
  return { ...defaultNotificationPrefs(), ...(stored.success ? stored.data : {}) };
}

export async function wantsChannel(
  db: Kysely<Database>,
  userId: string,
  type: NotificationType,
  channel: NotificationChannel,
): Promise<boolean> {
  const prefs = await loadPrefs(db, userId);
  return prefs[type][channel];
}
