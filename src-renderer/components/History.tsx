import { defaultRangeExtractor, useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { Me } from '../../src-shared/domain.ts';
import type { ConversationView } from '../../src-shared/ipc.ts';
import { useModel, useStore } from '../hooks/model-context.ts';
import { useNow } from '../hooks/useNow.ts';
import { usePaintedOnce } from '../hooks/usePaintedOnce.ts';
import { useThread } from '../hooks/useThread.ts';
import { useUi } from '../hooks/useUi.ts';
import { effectiveSendState } from '../lib/conversation.ts';
import { buildHistoryRows, foldSeparators } from '../lib/grouping.ts';
import type { HistoryItem } from '../lib/grouping.ts';
import { formatDayLabel } from '../lib/time.ts';
import { rangeWithRowsAbove } from '../lib/virtual-layout.ts';
import { hasOlder } from '../model/threads-model.ts';
import { MessageRow } from './MessageRow.tsx';

const PADDING_START = 16;
const PADDING_END = 8;
/** Within this many px of the end counts as "at the bottom" (follow new messages and resizes). */
const BOTTOM_SLACK_PX = 48;
/** Start loading the previous page when the view is this close to the top (px). */
const LOAD_OLDER_THRESHOLD = 600;
/** Rows mounted beyond the view on each side. */
const OVERSCAN = 10;
/**
 * Rows mounted above the view until the opened page has been painted: the open waits for that render,
 * its layout (the rows' measurement) and its paint, and rows nobody sees yet only add to them. The rest
 * of the overscan above follows in a render after that frame (see usePaintedOnce).
 */
const FIRST_ROWS_ABOVE = 2;
/** The range with all the overscan, and the one for the opened page's first frame. */
const FULL_RANGE = defaultRangeExtractor;
const FIRST_RANGE = rangeWithRowsAbove(FIRST_ROWS_ABOVE);

function estimateRem(item: HistoryItem | undefined): number {
  if (!item) return 3;
  const lines = Math.min(6, Math.floor(item.row.message.body.length / 70));
  return (
    2.15 +
    (item.row.groupStart ? 0.5 : 0) +
    lines * 1.3 +
    (item.dayAt !== null ? 2.9 : 0) +
    (item.unread ? 2 : 0)
  );
}

/**
 * The conversation history: a polite live log, virtualized (only rows near the view are mounted), with day
 * separators and sender groups. Every virtual row is a message (separators are drawn as its header), so
 * the virtualizer can anchor to messages: older pages keep the reading position, new messages follow the
 * bottom while you are there (`anchorTo: 'end'`, `followOnAppend`).
 */
export function History({ conversation, me }: { conversation: ConversationView; me: Me }) {
  const model = useModel();
  const thread = useThread(conversation.id);
  const { jump, zoom } = useUi();
  const people = useStore(model.people.known);
  const now = useNow(60_000);
  const more = hasOlder(thread);
  const items = useMemo(
    () => foldSeparators(buildHistoryRows(thread.messages, thread.unreadAfterSeq, { atStart: !more })),
    [thread.messages, thread.unreadAfterSeq, more],
  );
  const scrollRef = useRef<HTMLDivElement>(null);
  const lastKeyRef = useRef<string | null>(null);
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const [highlight, setHighlight] = useState<string | null>(null);
  const remPx = 16 * zoom;
  const pagePainted = usePaintedOnce(items.length > 0);

  const estimateSize = (i: number) => Math.round(estimateRem(items[i]) * remPx);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read during render on purpose
  const virtualizer = useVirtualizer({
    count: items.length,
    // Off while there is nothing to show, so it starts again (from `initialOffset`) when the first page
    // arrives.
    enabled: items.length > 0,
    getScrollElement: () => scrollRef.current,
    // A history opens at its newest message. The first render already mounts the rows at the end (the
    // view is at most the window's height), so the newest message is in the first frame that shows the
    // page; starting at the top would mount the oldest rows first, then scroll and mount the newest ones
    // a frame later. The layout effect below then puts the newest row exactly at the bottom.
    initialOffset: () => {
      let total = PADDING_START + PADDING_END;
      for (let i = 0; i < items.length; i++) total += estimateSize(i);
      return Math.max(0, total - window.innerHeight);
    },
    initialRect: { width: window.innerWidth, height: window.innerHeight },
    estimateSize,
    getItemKey: (i) => items[i]?.key ?? i,
    overscan: OVERSCAN,
    rangeExtractor: pagePainted ? FULL_RANGE : FIRST_RANGE,
    paddingStart: PADDING_START,
    paddingEnd: PADDING_END,
    anchorTo: 'end',
    followOnAppend: true,
    scrollEndThreshold: BOTTOM_SLACK_PX,
  });

  const lastKey = items[items.length - 1]?.key ?? null;
  const rovingKey = focusKey && items.some((i) => i.key === focusKey) ? focusKey : lastKey;

  // What the virtualizer cannot know: open at the newest message, and go to the bottom when you send.
  useLayoutEffect(() => {
    const last = items[items.length - 1];
    const previousLast = lastKeyRef.current;
    lastKeyRef.current = last?.key ?? null;
    if (!last || last.key === previousLast) return;
    const mineJustSent = last.row.message.mine && last.row.message.state === 'sending';
    if (previousLast === null || mineJustSent) virtualizer.scrollToIndex(items.length - 1, { align: 'end' });
  });

  // A narrower or shorter window (resized, the composer grew, a banner came) keeps the newest message in
  // view when you were at the bottom: the virtualizer only follows appends, not resizes.
  const atBottomRef = useRef(true);
  const countRef = useRef(items.length);
  countRef.current = items.length;
  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const observer = new ResizeObserver(() => {
      if (atBottomRef.current && countRef.current > 0)
        virtualizer.scrollToIndex(countRef.current - 1, { align: 'end' });
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [virtualizer]);

  const maybeLoadOlder = useCallback(() => {
    const el = scrollRef.current;
    if (!el) return;
    const t = model.conversations.threads.thread(conversation.id).get();
    if (t.status === 'ready' && hasOlder(t) && !t.loadingOlder && el.scrollTop < LOAD_OLDER_THRESHOLD) {
      void model.conversations.threads.loadOlder(conversation.id);
    }
  }, [model, conversation.id]);

  // A short first page that does not fill the view: fetch more right away.
  useEffect(() => {
    const el = scrollRef.current;
    if (
      el &&
      thread.status === 'ready' &&
      more &&
      !thread.loadingOlder &&
      el.scrollHeight <= el.clientHeight + LOAD_OLDER_THRESHOLD
    ) {
      maybeLoadOlder();
    }
  }, [thread.status, more, thread.loadingOlder, items.length, maybeLoadOlder]);

  const focusItem = useCallback(
    (key: string) => {
      const index = items.findIndex((i) => i.key === key);
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
    [items, virtualizer],
  );

  // Jump to a message from search.
  const jumpNonce = jump && jump.conversationId === conversation.id ? jump.nonce : null;
  useEffect(() => {
    if (jumpNonce === null || !jump) return;
    const index = items.findIndex((i) => i.key === jump.clientId);
    if (index < 0) return;
    virtualizer.scrollToIndex(index, { align: 'center' });
    setHighlight(jump.clientId);
    focusItem(jump.clientId);
    const timer = setTimeout(() => setHighlight(null), 2500);
    return () => clearTimeout(timer);
    // Only a new jump should scroll; items changing later must not pull the view back.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [jumpNonce]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    const target = e.target as HTMLElement;
    const onLog = target === scrollRef.current;
    if (!onLog && target.dataset.key === undefined) return;
    const current = items.findIndex((i) => i.key === rovingKey);
    let next: number;
    switch (e.key) {
      case 'ArrowUp':
        next = onLog ? items.length - 1 : Math.max(0, current - 1);
        if (current === 0) maybeLoadOlder();
        break;
      case 'ArrowDown':
        next = Math.min(items.length - 1, current + 1);
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = items.length - 1;
        break;
      default:
        return;
    }
    e.preventDefault();
    const key = items[next]?.key;
    if (key) focusItem(key);
  };

  const title = conversation.title ?? 'conversation';
  return (
    <div className="history-wrap">
      {thread.loadingOlder && (
        <p className="history__older" role="status">
          Loading older messages…
        </p>
      )}
      <div
        ref={scrollRef}
        className="history"
        role="log"
        aria-live="polite"
        aria-relevant="additions"
        aria-label={`Messages${conversation.kind === 'direct' ? '' : ` in ${title}`}`}
        aria-busy={thread.status === 'loading' || thread.loadingOlder}
        tabIndex={0}
        onScroll={() => {
          const el = scrollRef.current;
          if (el) atBottomRef.current = el.scrollHeight - el.scrollTop - el.clientHeight < BOTTOM_SLACK_PX;
          maybeLoadOlder();
        }}
        onKeyDown={onKeyDown}
        data-testid="history"
      >
        {thread.status === 'loading' && items.length === 0 && (
          <p className="history__status" role="status">
            Loading messages…
          </p>
        )}
        {thread.status === 'error' && items.length === 0 && (
          <p className="history__status" role="alert">
            {thread.error}
          </p>
        )}
        {thread.status === 'ready' && items.length === 0 && (
          <p className="history__status">No messages yet. Say hello!</p>
        )}
        <div className="history__inner" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((virtual) => {
            const item = items[virtual.index];
            if (!item) return null;
            return (
              <div
                key={item.key}
                data-index={virtual.index}
                ref={virtualizer.measureElement}
                className="history__row"
                style={{ transform: `translateY(${virtual.start}px)` }}
              >
                {item.dayAt !== null && (
                  <div
                    className="day-separator"
                    role="separator"
                    aria-label={formatDayLabel(item.dayAt, now)}
                  >
                    <span>{formatDayLabel(item.dayAt, now)}</span>
                  </div>
                )}
                {item.unread && (
                  <div className="unread-separator" role="separator" aria-label="New messages">
                    <span>New messages</span>
                  </div>
                )}
                <MessageRow
                  rowKey={item.key}
                  message={item.row.message}
                  groupStart={item.row.groupStart}
                  groupEnd={item.row.groupEnd}
                  conversationId={conversation.id}
                  kind={conversation.kind}
                  state={effectiveSendState(item.row.message, conversation)}
                  meId={me.id}
                  author={people.get(item.row.message.authorId) ?? null}
                  tabbable={item.key === rovingKey}
                  highlighted={item.key === highlight}
                  onFocus={setFocusKey}
                />
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
