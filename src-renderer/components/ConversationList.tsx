import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { KeyboardEvent, MouseEvent } from 'react';
import type { Me } from '../../src-shared/domain.ts';
import type { ConversationView } from '../../src-shared/ipc.ts';
import { useModel } from '../hooks/model-context.ts';
import { useNow } from '../hooks/useNow.ts';
import { useUi } from '../hooks/useUi.ts';
import { observeRectAfterLayout, skipFirstScrollToZero, windowRect } from '../lib/virtual-layout.ts';
import { ConversationRow } from './ConversationRow.tsx';
import { RowContextMenu } from './RowContextMenu.tsx';
import type { MenuAnchor } from './MenuList.tsx';

/** Row height in rem per density (kept in step with .conv-row in the CSS). */
const ROW_REM = { comfortable: 4.5, compact: 3.25 } as const;

export interface ConversationListProps {
  me: Me;
  conversations: ConversationView[];
  loaded: boolean;
  error: string | null;
  activeId: string | null;
}

/**
 * The conversation list as a listbox (arrow keys move, Enter opens), virtualized so thousands of rows
 * stay smooth: only the rows in view (plus a few) are in the DOM. Each row has a context menu (right
 * click, Shift+F10 or the Menu key). When the open conversation goes away (hidden, declined, marked
 * unread, Back) the list takes focus, on that row or the one that took its place.
 */
export function ConversationList({ me, conversations, loaded, error, activeId }: ConversationListProps) {
  const model = useModel();
  const { zoom, density, listFocusPending, overlays } = useUi();
  const now = useNow(30_000);
  const scrollRef = useRef<HTMLDivElement>(null);
  /** Takes focus in place of the list while there are no rows (the last one was hidden or declined). */
  const statusRef = useRef<HTMLDivElement>(null);
  const [cursorId, setCursorId] = useState<string | null>(null);
  const [menu, setMenu] = useState<{ conversationId: string; anchor: MenuAnchor } | null>(null);
  const rowHeight = Math.round(ROW_REM[density] * 16 * zoom);
  const [scrollToFn] = useState(skipFirstScrollToZero);
  const open = useCallback(
    (id: string) => {
      setCursorId(id);
      model.conversations.open(id);
    },
    [model],
  );

  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read during render on purpose
  const virtualizer = useVirtualizer({
    count: conversations.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    getItemKey: (i) => conversations[i]?.id ?? i,
    overscan: 8,
    // The first render mounts the rows a window's height shows, and nothing in the commit forces a
    // layout: the scroller's size is read after the frame's layout (see lib/virtual-layout.ts). The
    // stock virtualizer measured it in the commit (a forced layout of the shell), then rendered the rows,
    // and the frame laid the page out again: two layouts on the way to the first list paint.
    initialRect: windowRect(),
    observeElementRect: observeRectAfterLayout,
    scrollToFn,
  });

  useEffect(() => {
    virtualizer.measure();
  }, [rowHeight, virtualizer]);

  const activeIndex = activeId ? conversations.findIndex((c) => c.id === activeId) : -1;
  const cursorIndexRaw = cursorId ? conversations.findIndex((c) => c.id === cursorId) : -1;
  const cursorIndex = cursorIndexRaw >= 0 ? cursorIndexRaw : Math.max(0, activeIndex);

  // Keep the open conversation in view when it changes by keyboard. A row that is in view already (a
  // click) leaves the list alone: scrolling it to where it is would still write scrollTop, forcing a
  // layout of the pane being opened, and reconcile the scroll for frames after.
  useEffect(() => {
    if (activeIndex < 0) return;
    const target = virtualizer.getOffsetForIndex(activeIndex, 'auto');
    if (target && target[0] !== virtualizer.scrollOffset)
      virtualizer.scrollToIndex(activeIndex, { align: 'auto' });
  }, [activeIndex, virtualizer]);

  // A focus request (see UiModel.focusList) waits until the list is mounted and no dialog covers it.
  useEffect(() => {
    if (!listFocusPending || overlays.length > 0) return;
    const target = scrollRef.current ?? statusRef.current;
    if (!target) return;
    target.focus();
    model.ui.listFocused();
  }, [listFocusPending, overlays.length, loaded, model]);

  const moveCursor = (index: number) => {
    const clamped = Math.max(0, Math.min(conversations.length - 1, index));
    const target = conversations[clamped];
    if (!target) return;
    setCursorId(target.id);
    virtualizer.scrollToIndex(clamped, { align: 'auto' });
  };

  const openMenu = (conversationId: string, anchor: MenuAnchor) => {
    setCursorId(conversationId);
    setMenu({ conversationId, anchor });
  };
  const closeMenu = useCallback((why: string) => {
    setMenu(null);
    if (why !== 'tab' && why !== 'outside') scrollRef.current?.focus();
  }, []);
  const onRowMenu = useCallback((conversationId: string, e: MouseEvent) => {
    e.preventDefault();
    const point = { left: e.clientX, top: e.clientY, right: e.clientX, bottom: e.clientY };
    openMenu(conversationId, { rect: point, placement: 'point' });
  }, []);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const cursorRow = conversations[cursorIndex];
    if (cursorRow && (e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey))) {
      e.preventDefault();
      const node = scrollRef.current?.querySelector(`[data-conversation-id="${CSS.escape(cursorRow.id)}"]`);
      const rect = node?.getBoundingClientRect() ?? scrollRef.current?.getBoundingClientRect();
      if (rect) {
        const at = { left: rect.left + 48, top: rect.bottom, right: rect.left + 48, bottom: rect.bottom };
        openMenu(cursorRow.id, { rect: at, placement: 'point' });
      }
      return;
    }
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? rowHeight * 8) / rowHeight) - 1);
    switch (e.key) {
      case 'ArrowDown':
        moveCursor(cursorIndex + 1);
        break;
      case 'ArrowUp':
        moveCursor(cursorIndex - 1);
        break;
      case 'Home':
        moveCursor(0);
        break;
      case 'End':
        moveCursor(conversations.length - 1);
        break;
      case 'PageDown':
        moveCursor(cursorIndex + page);
        break;
      case 'PageUp':
        moveCursor(cursorIndex - page);
        break;
      case 'Enter':
      case ' ': {
        const target = conversations[cursorIndex];
        if (target) model.conversations.open(target.id);
        break;
      }
      default:
        return;
    }
    e.preventDefault();
  };

  if (!loaded) {
    return (
      <div ref={statusRef} className="conv-list conv-list--status" role="status" tabIndex={-1}>
        Loading conversations…
      </div>
    );
  }
  if (conversations.length === 0) {
    return (
      <div
        ref={statusRef}
        className="conv-list conv-list--status"
        tabIndex={-1}
        data-testid="conversation-list-empty"
      >
        {error ? (
          <p role="alert">
            {error}{' '}
            <button type="button" className="link-button" onClick={() => void model.conversations.reload()}>
              Try again
            </button>
          </p>
        ) : (
          <p>No conversations yet.</p>
        )}
      </div>
    );
  }

  const cursor = conversations[cursorIndex];
  const menuConversation = menu ? conversations.find((c) => c.id === menu.conversationId) : undefined;
  return (
    <>
      <div
        ref={scrollRef}
        className="conv-list"
        role="listbox"
        aria-label="Conversations"
        tabIndex={0}
        aria-activedescendant={cursor ? `conv-${cursor.id}` : undefined}
        onKeyDown={onKeyDown}
        data-testid="conversation-list"
      >
        <div className="conv-list__inner" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const conversation = conversations[item.index];
            if (!conversation) return null;
            return (
              <ConversationRow
                key={conversation.id}
                conversation={conversation}
                meId={me.id}
                now={now}
                index={item.index}
                count={conversations.length}
                top={item.start}
                height={rowHeight}
                selected={conversation.id === activeId}
                cursor={item.index === cursorIndex}
                onOpen={open}
                onMenu={onRowMenu}
              />
            );
          })}
        </div>
      </div>
      {menu && menuConversation && (
        <RowContextMenu conversation={menuConversation} me={me} anchor={menu.anchor} onClose={closeMenu} />
      )}
    </>
  );
}
