import type { MessageView } from '../../src-shared/ipc.ts';
import { dequal } from 'dequal';
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
  return (
    a.authorId === b.authorId &&
    dayKey(a.createdAt) === dayKey(b.createdAt) &&
    b.createdAt - a.createdAt <= GROUP_GAP_MS
  );
}

/**
 * The rows of the history: a separator before each new day, an "unread" marker after the viewer's read
 * watermark (`unreadAfterSeq`, when some messages from others follow it), and each message with its place
 * in its sender group. `messages` must already be ordered (see `compareMessages`).
 *
 * `atStart` says whether the first message is the start of the conversation. When it is not (older pages
 * are still to come), no separator is drawn above it: one would only move when the older page arrives.
 */
export function buildHistoryRows(
  messages: readonly MessageView[],
  unreadAfterSeq: number | null = null,
  options: { atStart?: boolean } = {},
): HistoryRow[] {
  const atStart = options.atStart ?? true;
  const unreadIndex =
    unreadAfterSeq === null
      ? -1
      : messages.findIndex((m) => !m.mine && m.seq !== null && m.seq > unreadAfterSeq);
  const unreadAt = unreadIndex > 0 || (unreadIndex === 0 && atStart) ? unreadIndex : -1;
  const breaksBefore = (i: number): boolean => {
    const prev = messages[i - 1];
    const message = messages[i];
    if (!prev || !message) return true;
    return i === unreadAt || !sameGroup(prev, message);
  };
  const rows: HistoryRow[] = [];
  messages.forEach((message, i) => {
    const prev = messages[i - 1];
    if (prev ? dayKey(prev.createdAt) !== dayKey(message.createdAt) : atStart) {
      rows.push({ kind: 'day', key: `day:${dayKey(message.createdAt)}`, at: message.createdAt });
    }
    if (i === unreadAt) rows.push({ kind: 'unread', key: 'unread' });
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

/**
 * Merges changed messages into an ordered list by `clientId`, keeping it ordered. A message that comes
 * again unchanged (the server's page after the cached one, on every open) keeps its object, and when
 * nothing changed at all the same list comes back: memoized rows then skip re-rendering.
 */
export function mergeMessages(
  current: readonly MessageView[],
  changed: readonly MessageView[],
): readonly MessageView[] {
  const byClientId = new Map(current.map((m) => [m.clientId, m]));
  let differs = false;
  for (const message of changed) {
    const known = byClientId.get(message.clientId);
    if (known !== undefined && dequal(known, message)) continue;
    byClientId.set(message.clientId, message);
    differs = true;
  }
  if (!differs) return current;
  return [...byClientId.values()].sort(compareMessages);
}

export type MessageHistoryRow = Extract<HistoryRow, { kind: 'message' }>;

/** A message row with the separators that come right before it (drawn as its header). */
export interface HistoryItem {
  key: string;
  row: MessageHistoryRow;
  /** A day separator before this message: its timestamp. */
  dayAt: number | null;
  /** The "new messages" line before this message. */
  unread: boolean;
}

/**
 * Folds separators into the message that follows them, so every virtual row is keyed by a message. A
 * scroll anchor is then always a message that stays when older pages arrive (a separator can move).
 */
export function foldSeparators(rows: readonly HistoryRow[]): HistoryItem[] {
  const items: HistoryItem[] = [];
  let dayAt: number | null = null;
  let unread = false;
  for (const row of rows) {
    if (row.kind === 'day') dayAt = row.at;
    else if (row.kind === 'unread') unread = true;
    else {
      items.push({ key: row.key, row, dayAt, unread });
      dayAt = null;
      unread = false;
    }
  }
  return items;
}
