import type { Kysely } from 'kysely';
import type { Report } from '../../../src-shared/domain.ts';
import { AppError } from '../../../src-shared/errors.ts';
import type { Work } from '../../events/unit-of-work.ts';
import type { Database, ReportsTable } from '../../store/schema.ts';
import { toMessage } from '../conversations/view.ts';
import { isModerator } from '../people/profile.ts';
import { loadUserSummaries } from '../people/user-view.ts';

/** Moderation-only operations answer FORBIDDEN to everyone else. The role is read per request, so a demotion applies at once. */
export async function requireModerator(db: Kysely<Database>, userId: string): Promise<void> {
  if (!(await isModerator(db, userId))) throw new AppError('FORBIDDEN', 'Only moderators can do this.');
}

/** Tells every moderator how many reports are open, so their feed badge stays right without polling. */
export async function announceOpenReports(w: Work): Promise<void> {
  const moderators = await w.trx.selectFrom('users').select('id').where('role', '=', 'moderator').execute();
  const open = await w.trx
    .selectFrom('reports')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'open')
    .executeTakeFirstOrThrow();
  await w.emitAll(
    moderators.map((m) => m.id),
    { type: 'moderation.changed', openReports: Number(open.n) },
  );
}

/** Reports as moderators see them: who reported whom, and the reported message itself. */
export async function toReports(db: Kysely<Database>, rows: readonly ReportsTable[]): Promise<Report[]> {
  const users = await loadUserSummaries(
    db,
    rows.flatMap((r) => [r.reporter_id, r.reported_user_id]),
  );
  const messageIds = rows.map((r) => r.message_id).filter((id): id is string => id !== null);
  const messages =
    messageIds.length === 0
      ? []
      : await db.selectFrom('messages').selectAll().where('id', 'in', messageIds).execute();
  const messageById = new Map(messages.map((m) => [m.id, toMessage(m)]));
  return rows.map((row) => {
    const reporter = users.get(row.reporter_id);
    const reportedUser = users.get(row.reported_user_id);
    // Both columns reference users, and users are never deleted.
    if (!reporter || !reportedUser) throw new Error(`report ${row.id} names a missing user`);
    return {
      id: row.id,
      kind: row.kind,
      reporter,
      reportedUser,
      message: row.message_id ? (messageById.get(row.message_id) ?? null) : null,
      reason: row.reason,
      status: row.status,
      createdAt: Number(row.created_at),
      resolvedAt: row.resolved_at === null ? null : Number(row.resolved_at),
      resolvedBy: row.resolved_by,
      resolutionNote: row.resolution_note,
    };
  });
}
