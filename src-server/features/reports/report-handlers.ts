import { AppError } from '../../../src-shared/errors.ts';
import { LIMITS } from '../../../src-shared/limits.ts';
import type { OpHandlers, HandlerContext } from '../../context.ts';
import type { Work } from '../../events/unit-of-work.ts';
import { newId } from '../../ids.ts';
import type { ReportsTable } from '../../store/schema.ts';
import { loadMe } from '../accounts/accounts.ts';
import { requireMembership } from '../conversations/access.ts';
import { decodePageCursor, encodePageCursor } from '../page-cursor.ts';
import { loadUserProfile, requireUser } from '../people/profile.ts';
import { announceOpenReports, requireModerator, toReports } from './moderation-store.ts';

type Ops =
  | 'reports.message'
  | 'reports.user'
  | 'moderation.reports'
  | 'moderation.resolve'
  | 'moderation.mute'
  | 'moderation.unmute';

/** Trimmed reason, null when blank; counted in code points like message bodies. */
function cleanReason(reason: string | undefined): string | null {
  const trimmed = reason?.trim() ?? '';
  if ([...trimmed].length > LIMITS.reportReasonMaxChars) {
    throw new AppError(
      'REPORT_REASON_TOO_LONG',
      `A report reason can be at most ${LIMITS.reportReasonMaxChars} characters.`,
    );
  }
  return trimmed === '' ? null : trimmed;
}

const duplicate = () => new AppError('DUPLICATE_REPORT', 'You have already reported this.');

export function reportHandlers(ctx: HandlerContext): Pick<OpHandlers, Ops> {
  const { work } = ctx;

  /** Stores a report and tells moderators. The unique indexes are the last word when two requests race. */
  const fileReport = async (build: (w: Work) => Promise<ReportsTable>) => {
    try {
      return await work.run(async (w) => {
        const row = await build(w);
        await w.trx.insertInto('reports').values(row).execute();
        await announceOpenReports(w);
        return { reportId: row.id };
      });
    } catch (error) {
      if (!(error instanceof AppError) && /unique|duplicate/i.test(String(error))) throw duplicate();
      throw error;
    }
  };

  const setMuted = (moderatorId: string, userId: string, muted: boolean) =>
    work.run(async (w) => {
      await requireModerator(w.trx, moderatorId);
      if (userId === moderatorId) throw new AppError('FORBIDDEN', 'You cannot mute or unmute yourself.');
      const updated = await w.trx
        .updateTable('users')
        .set({ community_muted: muted ? 1 : 0 })
        .where('id', '=', userId)
        .where('community_muted', '=', muted ? 0 : 1)
        .executeTakeFirst();
      // The muted person's app blocks its composer on this event; nothing to say when nothing changed.
      if (Number(updated.numUpdatedRows) > 0)
        await w.emit(userId, { type: 'me.updated', me: await loadMe(w.trx, userId) });
      return { user: await loadUserProfile(w.trx, moderatorId, userId) };
    });

  return {
    'reports.message': (caller, { messageId, reason }) => {
      const cleaned = cleanReason(reason);
      return fileReport(async (w) => {
        const message = await w.trx
          .selectFrom('messages')
          .selectAll()
          .where('id', '=', messageId)
          .executeTakeFirst();
        // Only what you could read: a message elsewhere, or one withheld from you, is as good as nonexistent.
        if (!message || message.withheld_from === caller.userId)
          throw new AppError('NOT_FOUND', 'No such message.');
        try {
          await requireMembership(w, caller.userId, message.conversation_id);
        } catch (error) {
          if (error instanceof AppError && error.code === 'NOT_FOUND')
            throw new AppError('NOT_FOUND', 'No such message.');
          throw error;
        }
        if (message.author_id === caller.userId) {
          throw new AppError('CANNOT_REPORT_OWN_MESSAGE', 'You cannot report your own message.');
        }
        const existing = await w.trx
          .selectFrom('reports')
          .select('id')
          .where('kind', '=', 'message')
          .where('reporter_id', '=', caller.userId)
          .where('message_id', '=', messageId)
          .executeTakeFirst();
        if (existing) throw duplicate();
        return newReport(w.now, 'message', caller.userId, message.author_id, messageId, cleaned);
      });
    },

    'reports.user': (caller, { userId, reason }) => {
      const cleaned = cleanReason(reason);
      return fileReport(async (w) => {
        if (userId === caller.userId) throw new AppError('CANNOT_REPORT_SELF', 'You cannot report yourself.');
        await requireUser(w.trx, userId);
        const open = await w.trx
          .selectFrom('reports')
          .select('id')
          .where('kind', '=', 'user')
          .where('status', '=', 'open')
          .where('reporter_id', '=', caller.userId)
          .where('reported_user_id', '=', userId)
          .executeTakeFirst();
        if (open) throw duplicate();
        return newReport(w.now, 'user', caller.userId, userId, null, cleaned);
      });
    },

    'moderation.reports': async (caller, { limit = LIMITS.moderationPageMax, cursor }) => {
      await requireModerator(ctx.db, caller.userId);
      let query = ctx.db.selectFrom('reports').selectAll().where('status', '=', 'open');
      if (cursor) {
        // Oldest first: the next page starts after the last report of the previous one.
        const { at, id } = decodePageCursor(cursor, 'moderation feed');
        query = query.where((eb) =>
          eb.or([eb('created_at', '>', at), eb.and([eb('created_at', '=', at), eb('id', '>', id)])]),
        );
      }
      const rows = await query
        .orderBy('created_at', 'asc')
        .orderBy('id', 'asc')
        .limit(limit + 1)
        .execute();
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        reports: await toReports(ctx.db, page),
        nextCursor:
          rows.length > limit && last ? encodePageCursor({ at: Number(last.created_at), id: last.id }) : null,
      };
    },

    'moderation.resolve': (caller, { reportId, note }) =>
      work.run(async (w) => {
        await requireModerator(w.trx, caller.userId);
        const report = await w.trx
          .selectFrom('reports')
          .selectAll()
          .where('id', '=', reportId)
          .executeTakeFirst();
        if (!report) throw new AppError('NOT_FOUND', 'No such report.');
        if (report.status === 'resolved')
          throw new AppError('REPORT_ALREADY_RESOLVED', 'This report is already resolved.');
        const resolved: ReportsTable = {
          ...report,
          status: 'resolved',
          resolved_at: w.now,
          resolved_by: caller.userId,
          resolution_note: note?.trim() || null,
        };
        await w.trx
          .updateTable('reports')
          .set({
            status: 'resolved',
            resolved_at: w.now,
            resolved_by: caller.userId,
            resolution_note: resolved.resolution_note,
          })
          .where('id', '=', reportId)
          .execute();
        await announceOpenReports(w);
        const [view] = await toReports(w.trx, [resolved]);
        if (!view) throw new Error('unreachable: one report in, one view out');
        return { report: view };
      }),

    'moderation.mute': (caller, { userId }) => setMuted(caller.userId, userId, true),
    'moderation.unmute': (caller, { userId }) => setMuted(caller.userId, userId, false),
  };
}

function newReport(
  now: number,
  kind: ReportsTable['kind'],
  reporterId: string,
  reportedUserId: string,
  messageId: string | null,
  reason: string | null,
): ReportsTable {
  return {
    id: newId(),
    kind,
    reporter_id: reporterId,
    reported_user_id: reportedUserId,
    message_id: messageId,
    reason,
    status: 'open',
    created_at: now,
    resolved_at: null,
    resolved_by: null,
    resolution_note: null,
  };
}
