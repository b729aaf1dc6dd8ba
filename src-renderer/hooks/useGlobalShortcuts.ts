import { useEffect, useRef } from 'react';
import type { ConversationView } from '../../src-shared/ipc.ts';
import { assertNever } from '../../src-shared/constants.ts';
import { isUnread } from '../lib/conversation.ts';
import { stepConversation, stepUnread } from '../lib/navigation.ts';
import { detectPlatform, matchShortcut, nextZoom } from '../lib/shortcuts.ts';
import type { ShortcutAction } from '../lib/shortcuts.ts';
import type { AppModel } from '../model/app-model.ts';
import { useModel } from './model-context.ts';

/** The app-wide keyboard map (see lib/shortcuts.ts), handled on the window. */
export function useGlobalShortcuts(conversations: readonly ConversationView[], narrow: boolean): void {
  const model = useModel();
  const listRef = useRef(conversations);
  const narrowRef = useRef(narrow);
  useEffect(() => {
    listRef.current = conversations;
    narrowRef.current = narrow;
  }, [conversations, narrow]);

  useEffect(() => {
    const platform = detectPlatform(navigator.userAgent);
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return;
      const action = matchShortcut(e, platform);
      if (!action) return;
      if (run(model, action, listRef.current, narrowRef.current)) e.preventDefault();
    };
    const onKeyUp = (e: KeyboardEvent) => {
      if (e.key === 'Control') model.conversations.endRecentCycle();
    };
    const onBlur = () => model.conversations.endRecentCycle();
    window.addEventListener('keydown', onKeyDown);
    window.addEventListener('keyup', onKeyUp);
    window.addEventListener('blur', onBlur);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('keyup', onKeyUp);
      window.removeEventListener('blur', onBlur);
    };
  }, [model]);
}

/** Runs a shortcut; false when it had nothing to do (so the key keeps its default meaning). */
function run(
  model: AppModel,
  action: ShortcutAction,
  conversations: readonly ConversationView[],
  narrow: boolean,
): boolean {
  const ui = model.ui.state.get();
  const nav = () => conversations.map((c) => ({ id: c.id, unread: isUnread(c) }));
  const open = (id: string | null) => {
    if (id) model.conversations.open(id);
    return id !== null;
  };
  switch (action.type) {
    case 'quickSwitcher':
      model.ui.toggleOverlay({ kind: 'quickSwitcher' });
      return true;
    case 'newMessage':
      model.ui.toggleOverlay({ kind: 'newMessage' });
      return true;
    case 'search':
      model.ui.toggleOverlay({ kind: 'search', conversationId: ui.activeId });
      return true;
    case 'shortcuts':
      model.ui.toggleOverlay({ kind: 'shortcuts' });
      return true;
    case 'prevConversation':
      return open(stepConversation(nav(), ui.activeId, -1));
    case 'nextConversation':
      return open(stepConversation(nav(), ui.activeId, 1));
    case 'prevUnread':
      return open(stepUnread(nav(), ui.activeId, -1));
    case 'nextUnread':
      return open(stepUnread(nav(), ui.activeId, 1));
    case 'recentForward':
      model.conversations.cycleRecent(1);
      return true;
    case 'recentBack':
      model.conversations.cycleRecent(-1);
      return true;
    case 'nthConversation':
      return open(conversations[action.n - 1]?.id ?? null);
    case 'escape':
      if (ui.overlays.length > 0) model.ui.popOverlay();
      else if (narrow && ui.activeId) model.conversations.close({ focusList: true });
      else model.ui.focusComposer();
      return true;
    case 'back':
      if (ui.overlays.length > 0) return false;
      if (narrow && ui.activeId) model.conversations.close({ focusList: true });
      else model.ui.focusList();
      return true;
    case 'markAllRead':
      if (ui.overlays.length > 0) return false;
      void model.conversations.markAllRead();
      return true;
    case 'zoomIn':
    case 'zoomOut':
    case 'zoomReset':
      model.ui.setZoom(nextZoom(ui.zoom, action.type));
      return true;
    default:
      return assertNever(action, 'shortcut');
  }
}
