import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { Me } from '../../src-shared/domain.ts';
import type { ConversationView } from '../../src-shared/ipc.ts';
import { useModel, useStore } from '../hooks/model-context.ts';
import { useNow } from '../hooks/useNow.ts';
import { useThread } from '../hooks/useThread.ts';
import { useUi } from '../hooks/useUi.ts';
import { buildHistoryRows } from '../lib/grouping.ts';
import type { HistoryRow } from '../lib/grouping.ts';
import { formatDayLabel } from '../lib/time.ts';
import { MessageRow } from './MessageRow.tsx';

const PADDING_START = 16;
/** Start loading the previous page when the view is this close to the top (px). */
const LOAD_OLDER_THRESHOLD = 600;

function estimateRem(row: HistoryRow | undefined): number {
  if (!row) return 3;
  if (row.kind === 'day') return 3;
  if (row.kind === 'unread') return 2.25;
  return (row.groupStart ? 3.4 : 2.6) + Math.min(6, Math.floor(row.message.body.length / 70)) * 1.3;
}

/**
 * The conversation history: a polite live log, virtualized (only rows near the view are mounted), with day
 * separators and sender groups. It opens at the newest message, follows new ones while you are at the
 * bottom, and loads older pages as you scroll up while keeping what you were reading in place.
 */
export function History({ conversation, me }: { conversation: ConversationView; me: Me }) {
  const model = useModel();
  const thread = useThread(conversation.id);
  const { jump, zoom } = useUi();
  const people = useStore(model.people);
  const now = useNow(60_000);
  const rows = useMemo(() => buildHistoryRows(thread.messages, thread.unreadAfterSeq), [thread.messages, thread.unreadAfterSeq]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const atBottomRef = useRef(true);
  const anchorRef = useRef<{ key: string; start: number } | null>(null);
  const lastKeyRef = useRef<string | null>(null);
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const [highlight, setHighlight] = useState<string | null>(null);
  const remPx = 16 * zoom;

  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read during render on purpose
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => Math.round(estimateRem(rows[i]) * remPx),
    getItemKey: (i) => rows[i]?.key ?? i,
    overscan: 10,
    paddingStart: PADDING_START,
    paddingEnd: 8,
  });

  const messageIndexes = useMemo(() => rows.flatMap((r, i) => (r.kind === 'message' ? [i] : [])), [rows]);
  const lastMessageKey = rows[messageIndexes[messageIndexes.length - 1] ?? -1]?.key ?? null;
  const rovingKey = focusKey && rows.some((r) => r.key === focusKey) ? focusKey : lastMessageKey;

  // Keep the view steady when rows change: older pages keep the reading position, new messages follow
  // the bottom when the reader is there (or sent them).
  useLayoutEffect(() => {
    const el = scrollRef.current;
    const firstMessage = rows.find((r) => r.kind === 'message');
    const lastRow = rows[rows.length - 1];
    const previousAnchor = anchorRef.current;
    const previousLast = lastKeyRef.current;
    if (el && previousAnchor && firstMessage && firstMessage.key !== previousAnchor.key) {
      const index = rows.findIndex((r) => r.key === previousAnchor.key);
      const start = index >= 0 ? virtualizer.measurementsCache[index]?.start : undefined;
      if (start !== undefined) el.scrollTop += start - previousAnchor.start;
    }
    if (lastRow && lastRow.key !== previousLast) {
      const mineJustSent = lastRow.kind === 'message' && lastRow.message.mine && lastRow.message.state === 'sending';
      if (previousLast === null || atBottomRef.current || mineJustSent) {
        virtualizer.scrollToIndex(rows.length - 1, { align: 'end' });
        atBottomRef.current = true;
      }
    }
    const anchorIndex = firstMessage ? rows.indexOf(firstMessage) : -1;
    anchorRef.current = firstMessage ? { key: firstMessage.key, start: virtualizer.measurementsCache[anchorIndex]?.start ?? 0 } : null;
    lastKeyRef.current = lastRow?.key ?? null;
  });

  const maybeLoadOlder = useCallback(() => {
    const el = scrollRef.current;
    if (!el) return;
    const t = model.thread(conversation.id).get();
    if (t.status === 'ready' && t.hasMore && !t.loadingOlder && el.scrollTop < LOAD_OLDER_THRESHOLD) {
      void model.loadOlder(conversation.id);
    }
  }, [model, conversation.id]);

  // A short first page that does not fill the view: fetch more right away.
  useEffect(() => {
    const el = scrollRef.current;
    if (el && thread.status === 'ready' && thread.hasMore && !thread.loadingOlder && el.scrollHeight <= el.clientHeight + LOAD_OLDER_THRESHOLD) {
      maybeLoadOlder();
    }
  }, [thread.status, thread.hasMore, thread.loadingOlder, rows.length, maybeLoadOlder]);

  const focusRow = useCallback(
    (key: string) => {
      const index = rows.findIndex((r) => r.key === key);
      if (index < 0) return;
      setFocusKey(key);
      virtualizer.scrollToIndex(index, { align: 'auto' });
      let tries = 0;
      const attempt = () => {
        const node = scrollRef.current?.querySelector<HTMLElement>(`[data-key="${CSS.escape(key)}"]`);
        if (node) node.focus({ preventScroll: true });
        else if (tries++ < 10) requestAnimationFrame(attempt);
      };
      requestAnimationFrame(attempt);
    },
    [rows, virtualizer],
  );

  // Jump to a message from search.
  const jumpNonce = jump && jump.conversationId === conversation.id ? jump.nonce : null;
  useEffect(() => {
    if (jumpNonce === null || !jump) return;
    const index = rows.findIndex((r) => r.key === jump.clientId);
    if (index < 0) return;
    virtualizer.scrollToIndex(index, { align: 'center' });
    atBottomRef.current = false;
    setHighlight(jump.clientId);
    focusRow(jump.clientId);
    const timer = setTimeout(() => setHighlight(null), 2500);
    return () => clearTimeout(timer);
    // Only a new jump should scroll; rows changing later must not pull the view back.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [jumpNonce]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    const target = e.target as HTMLElement;
    const onRowOrLog = target === scrollRef.current || target.dataset.key !== undefined;
    if (!onRowOrLog) return;
    const current = rows.findIndex((r) => r.key === rovingKey);
    const pos = messageIndexes.indexOf(current);
    let next: number | undefined;
    switch (e.key) {
      case 'ArrowUp':
        next = target === scrollRef.current ? messageIndexes[messageIndexes.length - 1] : messageIndexes[Math.max(0, pos - 1)];
        if (pos === 0) maybeLoadOlder();
        break;
      case 'ArrowDown':
        next = messageIndexes[Math.min(messageIndexes.length - 1, pos + 1)];
        break;
      case 'Home':
        next = messageIndexes[0];
        break;
      case 'End':
        next = messageIndexes[messageIndexes.length - 1];
        break;
      default:
        return;
    }
    e.preventDefault();
    const key = next === undefined ? undefined : rows[next]?.key;
    if (key) focusRow(key);
  };

  const title = conversation.title ?? 'conversation';
  return (
    <div
      ref={scrollRef}
      className="history"
      role="log"
      aria-live="polite"
      aria-relevant="additions"
      aria-label={`Messages${conversation.kind === 'direct' ? '' : ` in ${title}`}`}
      aria-busy={thread.status === 'loading' || thread.loadingOlder}
      tabIndex={0}
      onScroll={(e) => {
        const el = e.currentTarget;
        atBottomRef.current = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
        maybeLoadOlder();
      }}
      onKeyDown={onKeyDown}
      data-testid="history"
    >
      {thread.status === 'loading' && rows.length === 0 && (
        <p className="history__status" role="status">
          Loading messages…
        </p>
      )}
      {thread.status === 'error' && rows.length === 0 && (
        <p className="history__status" role="alert">
          {thread.error}
        </p>
      )}
      {thread.status === 'ready' && rows.length === 0 && <p className="history__status">No messages yet. Say hello!</p>}
      <div className="history__inner" style={{ height: virtualizer.getTotalSize() }}>
        {thread.loadingOlder && (
          <p className="history__older" role="status">
            Loading older messages…
          </p>
        )}
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index];
          if (!row) return null;
          return (
            <div
              key={row.key}
              data-index={item.index}
              ref={virtualizer.measureElement}
              className="history__row"
              style={{ transform: `translateY(${item.start}px)` }}
            >
              {row.kind === 'day' && (
                <div className="day-separator" role="separator" aria-label={formatDayLabel(row.at, now)}>
                  <span>{formatDayLabel(row.at, now)}</span>
                </div>
              )}
              {row.kind === 'unread' && (
                <div className="unread-separator" role="separator" aria-label="New messages">
                  <span>New messages</span>
                </div>
              )}
              {row.kind === 'message' && (
                <MessageRow
                  row={row}
                  conversation={conversation}
                  meId={me.id}
                  author={people.get(row.message.authorId) ?? null}
                  tabbable={row.key === rovingKey}
                  highlighted={row.key === highlight}
                  onFocus={setFocusKey}
                />
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}
