import { appNotificationDataSchema } from '../../../src-shared/domain.ts';
import type { AppNotification } from '../../../src-shared/domain.ts';
import type { OpHandlers, HandlerContext } from '../../context.ts';
import type { NotificationsTable } from '../../store/schema.ts';
import { loadPrefs } from './prefs-store.ts';
import { unreadCount } from './read-notifications.ts';

type Ops = 'prefs.get' | 'prefs.set' | 'notifications.list' | 'notifications.markRead';

const DEFAULT_PAGE = 50;

export function notificationHandlers(ctx: HandlerContext): Pick<OpHandlers, Ops> {
  const { work } = ctx;

  return {
    'prefs.get': async (caller) => ({ prefs: await loadPrefs(ctx.db, caller.userId) }),

    'prefs.set': (caller, { prefs }) =>
      work.run(async (w) => {
        const before = await loadPrefs(w.trx, caller.userId);
        const text = JSON.stringify(prefs);
        await w.trx
          .insertInto('notification_prefs')
          .values({ user_id: caller.userId, prefs: text, updated_at: w.now })
          .onConflict((oc) => oc.column('user_id').doUpdateSet({ prefs: text, updated_at: w.now }))
          .execute();
        // The event reaches every session of the user; the caller's own applies it as a no-op.
        if (JSON.stringify(before) !== text) await w.emit(caller.userId, { type: 'prefs.updated', prefs });
        return { prefs };
      }),

    'notifications.list': async (caller, { limit, before }) => {
      let query = ctx.db.selectFrom('notifications').selectAll().where('user_id', '=', caller.userId);
      // Ids are UUIDv7, so ordering by id is ordering by creation time.
      if (before !== undefined) query = query.where('id', '<', before);
      const rows = await query
        .orderBy('id', 'desc')
        .limit(limit ?? DEFAULT_PAGE)
        .execute();
      return {
        notifications: rows.flatMap((row) => toNotification(ctx, row)),
        unreadCount: await unreadCount(ctx.db, caller.userId),
      };
    },

    'notifications.markRead': (caller, { ids }) =>
      work.run(async (w) => {
        if (ids !== undefined && ids.length === 0)
          return { unreadCount: await unreadCount(w.trx, caller.userId) };
        let update = w.trx
          .updateTable('notifications')
          .set({ read_at: w.now })
          .where('user_id', '=', caller.userId)
          .where('read_at', 'is', null);
        if (ids !== undefined) update = update.where('id', 'in', ids);
        const result = await update.executeTakeFirst();
        const count = await unreadCount(w.trx, caller.userId);
        if (Number(result.numUpdatedRows) > 0)
          await w.emit(caller.userId, { type: 'notifications.read', unreadCount: count });
        return { unreadCount: count };
      }),
  };
}

/** A stored row as the wire shape; a row whose data no longer parses is logged and skipped, never sent malformed. */
function toNotification(ctx: HandlerContext, row: NotificationsTable): AppNotification[] {
  const data = appNotificationDataSchema.safeParse(JSON.parse(row.data));
  if (!data.success) {
    ctx.log.warn(
      { notificationId: row.id, kind: row.kind },
      'skipping a stored notification that no longer parses',
    );
    return [];
  }
  return [
    {
      id: row.id,
      data: data.data,
      createdAt: Number(row.created_at),
      readAt: row.read_at === null ? null : Number(row.read_at),
    },
  ];
}
