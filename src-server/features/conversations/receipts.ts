import type { Work } from '../../events/unit-of-work.ts';
import { prepared } from '../../store/prepared.ts';
import type { ConversationsTable, ParticipantsTable } from '../../store/schema.ts';
import { conversationReceiptVisibility } from '../consent/receipt-visibility.ts';
import type { BlockPair } from '../consent/receipt-visibility.ts';
import { othersWatermarks } from './view.ts';

/** On every reply and every delivery receipt: built and compiled once (see store/prepared.ts). */
const updateWatermarks = prepared(
  (db, a: { read: number; delivered: number; conversationId: string; userId: string }) =>
    db
      .updateTable('participants')
      .set({ last_read_seq: a.read, delivered_seq: a.delivered })
      .where('conversation_id', '=', a.conversationId)
      .where('user_id', '=', a.userId),
);

/**
 * Moves one participant's read and/or delivered watermark forward (never back) and tells every other
 * participant whose "all others have read / received up to" value changed as a result, except those who
 * may not see it: anyone, while a message request is pending, and people this participant blocked (they
 * see the mover's watermarks frozen, see ReceiptVisibility). `knownBlocks`: every block among the
 * participants, when the caller has read them in this transaction already (saves reading them again).
 */
export async function advanceWatermarks(
  work: Work,
  conversation: Pick<ConversationsTable, 'id' | 'kind' | 'status'>,
  participants: readonly ParticipantsTable[],
  userId: string,
  next: { read?: number; delivered?: number },
  knownBlocks?: readonly BlockPair[],
): Promise<{ read: number; delivered: number; changed: boolean }> {
  const me = participants.find((p) => p.user_id === userId);
  if (!me) return { read: 0, delivered: 0, changed: false };
  const oldRead = Number(me.last_read_seq);
  const oldDelivered = Number(me.delivered_seq);
  const read = Math.max(oldRead, next.read ?? 0);
  // Reading a message implies it was delivered.
  const delivered = Math.max(oldDelivered, next.delivered ?? 0, read);
  if (read === oldRead && delivered === oldDelivered) return { read, delivered, changed: false };

  const conversationId = conversation.id;
  await updateWatermarks(work.trx, { read, delivered, conversationId, userId });
  if (conversation.kind === 'direct' && conversation.status === 'pending') {
    return { read, delivered, changed: true };
  }
  const visible = await conversationReceiptVisibility(
    work.trx,
    conversationId,
    participants.map((p) => p.user_id),
    knownBlocks,
  );
  /** The rows as `viewerId` may see them (frozen for people who blocked the viewer). */
  const seenBy = (viewerId: string, rows: readonly ParticipantsTable[]) =>
    rows.map((p) => {
      const seen = visible(viewerId, p.user_id, {
        read: Number(p.last_read_seq),
        delivered: Number(p.delivered_seq),
      });
      return { user_id: p.user_id, last_read_seq: seen.read, delivered_seq: seen.delivered };
    });
  const after = participants.map((p) =>
    p.user_id === userId ? { ...p, last_read_seq: read, delivered_seq: delivered } : p,
  );
  for (const other of participants) {
    if (other.user_id === userId) continue;
    const was = othersWatermarks(seenBy(other.user_id, participants), other.user_id);
    const now = othersWatermarks(seenBy(other.user_id, after), other.user_id);
    if (was.read !== now.read || was.delivered !== now.delivered) {
      await work.emit(other.user_id, {
        type: 'receipts.updated',
        conversationId,
        othersReadSeq: now.read,
        othersDeliveredSeq: now.delivered,
      });
    }
  }
  return { read, delivered, changed: true };
}
