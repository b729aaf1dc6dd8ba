import type { MessageView } from '../../src-shared/ipc.ts';
import { dayKey } from './time.ts';

/** Messages from the same author within this gap read as one group (one name, tight spacing). */
export const GROUP_GAP_MS = 5 * 60 * 1000;

export type HistoryRow =
  | { kind: 'day'; key: string; at: number }
  | { kind: 'unread'; key: string }
  | {
      kind: 'message';
      key: string;
      message: MessageView;
      /** First of a run by the same author: shows the author's name. */
      groupStart: boolean;
      /** Last of a run: shows the time and the tail. */
      groupEnd: boolean;
    };

/** Orders messages as the conversation does: by server sequence, unsent ones last in creation order. */
export function compareMessages(a: MessageView, b: MessageView): number {
  if (a.seq !== null && b.seq !== null) return a.seq - b.seq;
  if (a.seq !== null) return -1;
  if (b.seq !== null) return 1;
  return a.createdAt - b.createdAt || a.clientId.localeCompare(b.clientId);
}

function sameGroup(a: MessageView, b: MessageView): boolean {
  return a.authorId === b.authorId && dayKey(a.createdAt) === dayKey(b.createdAt) && b.createdAt - a.createdAt <= GROUP_GAP_MS;
}

/**
 * The rows of the history: a separator before each new day, an "unread" marker after the viewer's read
 * watermark (`unreadAfterSeq`, when some messages from others follow it), and each message with its place
 * in its sender group. `messages` must already be ordered (see `compareMessages`).
 */
export function buildHistoryRows(messages: readonly MessageView[], unreadAfterSeq: number | null = null): HistoryRow[] {
  const unreadIndex =
    unreadAfterSeq === null ? -1 : messages.findIndex((m) => !m.mine && m.seq !== null && m.seq > unreadAfterSeq);
  const breaksBefore = (i: number): boolean => {
    const prev = messages[i - 1];
    const message = messages[i];
    if (!prev || !message) return true;
    return i === unreadIndex || !sameGroup(prev, message);
  };
  const rows: HistoryRow[] = [];
  messages.forEach((message, i) => {
    const prev = messages[i - 1];
    if (!prev || dayKey(prev.createdAt) !== dayKey(message.createdAt)) {
      rows.push({ kind: 'day', key: `day:${dayKey(message.createdAt)}`, at: message.createdAt });
    }
    if (i === unreadIndex) rows.push({ kind: 'unread', key: 'unread' });
    rows.push({
      kind: 'message',
      key: message.clientId,
      message,
      groupStart: breaksBefore(i),
      groupEnd: breaksBefore(i + 1),
    });
  });
  return rows;
}

/** Merges changed messages into an ordered list by `clientId`, keeping it ordered. */
export function mergeMessages(current: readonly MessageView[], changed: readonly MessageView[]): MessageView[] {
  if (changed.length === 0) return [...current];
  const byClientId = new Map(current.map((m) => [m.clientId, m]));
  for (const message of changed) byClientId.set(message.clientId, message);
  return [...byClientId.values()].sort(compareMessages);
}
