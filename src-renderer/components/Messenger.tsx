import { useEffect } from 'react';
import type { Me } from '../../src-shared/domain.ts';
import { useConversations } from '../hooks/useConversations.ts';
import { useGlobalShortcuts } from '../hooks/useGlobalShortcuts.ts';
import { useNarrow } from '../hooks/useNarrow.ts';
import { useUi } from '../hooks/useUi.ts';
import { ConnectionBanner } from './ConnectionBanner.tsx';
import { ConversationPane } from './ConversationPane.tsx';
import { EmptyState } from './EmptyState.tsx';
import { InsecureBanner } from './InsecureBanner.tsx';
import { afterPaintWhenIdle } from '../lib/when-idle.ts';
import { OverlayHost, preloadOverlays } from './OverlayHost.tsx';
import { Sidebar } from './Sidebar.tsx';
import { Toasts } from './Toasts.tsx';
import { WebNotificationPrompt } from './WebNotificationPrompt.tsx';

/**
 * The signed-in app: connection banner, the conversation list, the open conversation, and overlays. A
 * narrow window (a DAW beside it) shows one pane: the list, or the open conversation with Back.
 */
export function Messenger({ me }: { me: Me }) {
  const { conversations, loaded, error } = useConversations();
  const ui = useUi();
  const narrow = useNarrow();
  useGlobalShortcuts(conversations, narrow);
  // The dialogs are a chunk of their own: loaded once the list has painted, before anyone asks for one.
  useEffect(
    () =>
      afterPaintWhenIdle(() => {
        preloadOverlays().catch((error: unknown) =>
          // Opening a dialog tries again and says so on screen if it still cannot load.
          console.warn('Could not preload the dialogs:', error),
        );
      }),
    [],
  );
  const modal = ui.overlays.length > 0;
  const showList = !narrow || ui.activeId === null;
  const showPane = !narrow || ui.activeId !== null;
  return (
    <div className={`app${narrow ? ' app--narrow' : ''}`}>
      <div className="app__body" inert={modal}>
        <ConnectionBanner />
        <InsecureBanner />
        <WebNotificationPrompt />
        <div className="app__columns">
          {showList && (
            <Sidebar
              me={me}
              conversations={conversations}
              loaded={loaded}
              error={error}
              activeId={ui.activeId}
            />
          )}
          {showPane && (
            <main className="pane" aria-label="Conversation">
              {ui.activeId ? (
                <ConversationPane key={ui.activeId} conversationId={ui.activeId} me={me} narrow={narrow} />
              ) : (
                <EmptyState hasConversations={conversations.length > 0} />
              )}
            </main>
          )}
        </div>
      </div>
      <OverlayHost overlays={ui.overlays} me={me} />
      <Toasts />
    </div>
  );
}
