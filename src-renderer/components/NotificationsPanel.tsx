import type { AppNotification } from '../../src-shared/domain.ts';
import { assertNever } from '../../src-shared/constants.ts';
import { useModel } from '../hooks/model-context.ts';
import { useNotifications } from '../hooks/useNotifications.ts';
import { useNow } from '../hooks/useNow.ts';
import { formatRelative } from '../lib/time.ts';
import { neutraliseBidi } from '../lib/bidi.ts';
import { Avatar } from './Avatar.tsx';
import { Dialog } from './Dialog.tsx';
import { Icon } from './Icon.tsx';
import { LoadStatus } from './LoadStatus.tsx';
import type { IconName } from './Icon.tsx';

function describe(n: AppNotification): {
  text: string;
  icon: IconName;
  avatar: { id: string; name: string } | null;
} {
  const d = n.data;
  // Names and titles come from other people: bidi controls in them must not reorder the sentence.
  const name = (text: string) => `\u2068${neutraliseBidi(text)}\u2069`;
  switch (d.kind) {
    case 'new_follower':
      return {
        text: `${name(d.follower.displayName)} started following you`,
        icon: 'userPlus',
        avatar: { id: d.follower.id, name: d.follower.displayName },
      };
    case 'playlist_invite':
      return {
        text: `${name(d.from.displayName)} invited you to the playlist “${name(d.playlistName)}”`,
        icon: 'list',
        avatar: { id: d.from.id, name: d.from.displayName },
      };
    case 'new_upload':
      return {
        text: `${name(d.producerName)} uploaded “${name(d.title)}”`,
        icon: 'upload',
        avatar: { id: d.producerPageId, name: d.producerName },
      };
    case 'message_request':
      return {
        text: `${name(d.from.displayName)} sent you a message request`,
        icon: 'message',
        avatar: { id: d.from.id, name: d.from.displayName },
      };
    default:
      return assertNever(d, 'notification');
  }
}

/** The bell: new followers, playlist invites, new uploads and message requests. Each opens what it is about. */
export function NotificationsPanel() {
  const model = useModel();
  const state = useNotifications();
  const items = state.value?.items ?? [];
  const unreadCount = state.value?.unreadCount ?? 0;
  const loaded = state.status === 'ready';
  const now = useNow(30_000);

  const open = (n: AppNotification) => {
    if (n.readAt === null) void model.notifications.markRead([n.id]);
    const d = n.data;
    switch (d.kind) {
      case 'new_follower':
        model.ui.closeOverlays();
        model.ui.pushOverlay({ kind: 'user', userId: d.follower.id });
        return;
      case 'playlist_invite':
        model.ui.closeOverlays();
        model.ui.pushOverlay({ kind: 'user', userId: d.from.id });
        return;
      case 'new_upload':
        model.ui.closeOverlays();
        model.ui.pushOverlay({ kind: 'producer', producerId: d.producerPageId });
        return;
      case 'message_request':
        model.conversations.open(d.conversationId);
        return;
      default:
        assertNever(d, 'notification');
    }
  };

  return (
    <Dialog title="Notifications" size="sm" placement="side" testId="notifications">
      <div className="notifications">
        <div className="notifications__bar">
          <span className="muted-text">{unreadCount > 0 ? `${unreadCount} unread` : 'All caught up'}</span>
          <button
            type="button"
            className="link-button"
            disabled={unreadCount === 0}
            onClick={() => void model.notifications.markRead()}
          >
            Mark all as read
          </button>
        </div>
        <LoadStatus state={state} what="notifications" onRetry={() => void model.notifications.list.load()} />
        {loaded && items.length === 0 && (
          <div className="notifications__empty">
            <Icon name="bell" size={28} />
            <p>
              Nothing here yet. New followers, playlist invites, uploads from producers you follow and message
              requests show up here.
            </p>
          </div>
        )}
        <ul className="notifications__list" aria-label="Notifications">
          {items.map((n) => {
            const { text, icon, avatar } = describe(n);
            return (
              <li key={n.id}>
                <button
                  type="button"
                  className={`notification${n.readAt === null ? ' notification--unread' : ''}`}
                  onClick={() => open(n)}
                  data-testid="notification"
                >
                  {avatar && <Avatar id={avatar.id} name={avatar.name} size="sm" />}
                  <span className="notification__text">
                    <span>{text}</span>
                    <span className="notification__meta">
                      <Icon name={icon} size={12} /> {formatRelative(n.createdAt, now)}
                      {n.readAt === null && <span className="visually-hidden">, unread</span>}
                    </span>
                  </span>
                  {n.readAt === null && <span className="unread-dot" aria-hidden="true" />}
                </button>
              </li>
            );
          })}
        </ul>
      </div>
    </Dialog>
  );
}
