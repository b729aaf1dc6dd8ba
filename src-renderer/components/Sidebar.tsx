import { useModel, useStore } from '../hooks/model-context.ts';
import { useUnreadNotifications } from '../hooks/useNotifications.ts';
import { detectPlatform } from '../lib/shortcuts.ts';
import { Avatar } from './Avatar.tsx';
import { BadgeButton } from './BadgeButton.tsx';
import { ConversationList } from './ConversationList.tsx';
import type { ConversationListProps } from './ConversationList.tsx';
import { Icon } from './Icon.tsx';

/** The left column: who you are, the bell and tools, the switcher field, and the conversation list. */
export function Sidebar({ me, conversations, loaded, error, activeId }: ConversationListProps) {
  const model = useModel();
  const unreadCount = useUnreadNotifications();
  const openReports = useStore(model.moderation.openReports);
  const mod = detectPlatform(navigator.userAgent) === 'mac' ? '⌘' : 'Ctrl';
  return (
    <nav className="sidebar" aria-label="Conversations">
      <header className="sidebar__header">
        <button
          type="button"
          className="me-button"
          onClick={() => model.ui.pushOverlay({ kind: 'user', userId: me.id })}
          aria-label={`Your profile: ${me.displayName}`}
        >
          <Avatar id={me.id} name={me.displayName} size="sm" />
          <span className="me-button__name">{me.displayName}</span>
        </button>
        <div className="sidebar__actions">
          {me.role === 'moderator' && (
            <BadgeButton
              icon="shield"
              label="Moderation"
              count={openReports.value ?? 0}
              countWord="open reports"
              onClick={() => model.ui.toggleOverlay({ kind: 'moderation' })}
            />
          )}
          <BadgeButton
            icon="bell"
            label="Notifications"
            count={unreadCount}
            countWord="unread"
            testId="notifications-bell"
            onClick={() => model.ui.toggleOverlay({ kind: 'notifications' })}
          />
          <button
            type="button"
            className="icon-button"
            aria-label="New message"
            aria-keyshortcuts={mod === '⌘' ? 'Meta+N' : 'Control+N'}
            title={`New message (${mod}+N)`}
            onClick={() => model.ui.pushOverlay({ kind: 'newMessage' })}
          >
            <Icon name="compose" />
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label="Settings"
            title="Settings"
            onClick={() => model.ui.toggleOverlay({ kind: 'settings' })}
          >
            <Icon name="settings" />
          </button>
        </div>
      </header>
      <button
        type="button"
        className="jump-button"
        onClick={() => model.ui.pushOverlay({ kind: 'quickSwitcher' })}
      >
        <Icon name="search" size={16} />
        <span className="jump-button__text">Jump to a conversation or person</span>
        <span className="jump-button__keys" aria-hidden="true">
          <kbd>{mod}</kbd>
          <kbd>K</kbd>
        </span>
      </button>
      <ConversationList
        me={me}
        conversations={conversations}
        loaded={loaded}
        error={error}
        activeId={activeId}
      />
    </nav>
  );
}
