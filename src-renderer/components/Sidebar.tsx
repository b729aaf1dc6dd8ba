import type { Me } from '../../src-shared/domain.ts';
import type { ConversationView } from '../../src-shared/ipc.ts';
import { useModel, useStore } from '../hooks/model-context.ts';
import { useNotifications } from '../hooks/useNotifications.ts';
import { detectPlatform } from '../lib/shortcuts.ts';
import { Avatar } from './Avatar.tsx';
import { ConversationList } from './ConversationList.tsx';
import { Icon } from './Icon.tsx';

export function Sidebar({
  me,
  conversations,
  loaded,
  error,
  activeId,
}: {
  me: Me;
  conversations: ConversationView[];
  loaded: boolean;
  error: string | null;
  activeId: string | null;
}) {
  const model = useModel();
  const { unreadCount } = useNotifications();
  const openReports = useStore(model.openReports);
  const mod = detectPlatform(navigator.userAgent) === 'mac' ? '⌘' : 'Ctrl';
  return (
    <nav className="sidebar" aria-label="Conversations">
      <header className="sidebar__header">
        <button
          type="button"
          className="me-button"
          onClick={() => model.pushOverlay({ kind: 'user', userId: me.id })}
          aria-label={`Your profile: ${me.displayName}`}
        >
          <Avatar id={me.id} name={me.displayName} size="sm" />
          <span className="me-button__name">{me.displayName}</span>
        </button>
        <div className="sidebar__actions">
          {me.role === 'moderator' && (
            <button
              type="button"
              className="icon-button"
              aria-label={openReports > 0 ? `Moderation, ${openReports} open reports` : 'Moderation'}
              title="Moderation"
              onClick={() => model.toggleOverlay({ kind: 'moderation' })}
            >
              <Icon name="shield" />
              {openReports > 0 && (
                <span className="dot-badge" aria-hidden="true">
                  {openReports > 99 ? '99+' : openReports}
                </span>
              )}
            </button>
          )}
          <button
            type="button"
            className="icon-button"
            aria-label={unreadCount > 0 ? `Notifications, ${unreadCount} unread` : 'Notifications'}
            title="Notifications"
            data-testid="notifications-bell"
            onClick={() => model.toggleOverlay({ kind: 'notifications' })}
          >
            <Icon name="bell" />
            {unreadCount > 0 && (
              <span className="dot-badge" aria-hidden="true">
                {unreadCount > 99 ? '99+' : unreadCount}
              </span>
            )}
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label="New message"
            aria-keyshortcuts={mod === '⌘' ? 'Meta+N' : 'Control+N'}
            title={`New message (${mod}+N)`}
            onClick={() => model.pushOverlay({ kind: 'newMessage' })}
          >
            <Icon name="compose" />
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label="Settings"
            title="Settings"
            onClick={() => model.toggleOverlay({ kind: 'settings' })}
          >
            <Icon name="settings" />
          </button>
        </div>
      </header>
      <button type="button" className="jump-button" onClick={() => model.pushOverlay({ kind: 'quickSwitcher' })}>
        <Icon name="search" size={16} />
        <span className="jump-button__text">Jump to a conversation or person</span>
        <span className="jump-button__keys" aria-hidden="true">
          <kbd>{mod}</kbd>
          <kbd>K</kbd>
        </span>
      </button>
      <ConversationList me={me} conversations={conversations} loaded={loaded} error={error} activeId={activeId} />
    </nav>
  );
}
