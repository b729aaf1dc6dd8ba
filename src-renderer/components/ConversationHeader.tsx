import type { Me } from '../../src-shared/domain.ts';
import type { ConversationView, MuteDuration } from '../../src-shared/ipc.ts';
import { MUTE_DURATIONS } from '../../src-shared/ipc.ts';
import { useModel } from '../hooks/model-context.ts';
import { useNow } from '../hooks/useNow.ts';
import { directPeer, isMuteActive, joinNames, otherParticipants } from '../lib/conversation.ts';
import { formatListTime } from '../lib/time.ts';
import { Avatar } from './Avatar.tsx';
import { FollowButton } from './FollowButton.tsx';
import { Icon } from './Icon.tsx';
import { Menu } from './Menu.tsx';
import type { MenuItem } from './Menu.tsx';

export const MUTE_LABELS: Record<MuteDuration, string> = {
  '1h': 'For 1 hour',
  '8h': 'For 8 hours',
  '1d': 'For 1 day',
  '1w': 'For 1 week',
  always: 'Until I turn it back on',
};

export function ConversationHeader({
  conversation,
  me,
  title,
  titleId,
}: {
  conversation: ConversationView;
  me: Me;
  title: string;
  titleId: string;
}) {
  const model = useModel();
  const now = useNow(60_000);
  const peer = directPeer(conversation, me.id);
  const others = otherParticipants(conversation, me.id);
  const muted = isMuteActive(conversation.mute, now);

  const subtitle =
    conversation.kind === 'direct'
      ? peer
        ? `@${peer.username}${peer.producerName ? ` · ${peer.producerName}` : ''}`
        : ''
      : `${conversation.kind === 'team' ? 'Team · ' : ''}${conversation.participants.length} members: ${joinNames(
          ['You', ...others.map((p) => p.displayName)],
          5,
        )}`;

  const mute = (duration: MuteDuration | 'off') => void model.conversations.mute(conversation.id, duration);

  const items: MenuItem[] = [
    {
      label: 'Mark as unread',
      group: 'read',
      onSelect: () => void model.conversations.markUnread(conversation.id),
    },
    {
      label: 'Search in this conversation',
      group: 'read',
      onSelect: () => model.ui.pushOverlay({ kind: 'search', conversationId: conversation.id }),
    },
    ...MUTE_DURATIONS.map((d): MenuItem => ({
      label: `Mute: ${MUTE_LABELS[d].toLowerCase()}`,
      group: 'mute',
      onSelect: () => mute(d),
    })),
    ...(muted ? [{ label: 'Unmute', group: 'mute', onSelect: () => mute('off') }] : []),
    ...(peer
      ? [
          {
            label: `View ${peer.displayName}'s profile`,
            group: 'people',
            onSelect: () => model.ui.pushOverlay({ kind: 'user', userId: peer.id }),
          },
          {
            label: `Report ${peer.displayName}`,
            group: 'people',
            onSelect: () => model.ui.pushOverlay({ kind: 'reportUser', user: peer }),
          },
        ]
      : []),
    {
      label: 'Hide conversation',
      group: 'hide',
      danger: true,
      onSelect: () => model.ui.pushOverlay({ kind: 'confirmHide', conversationId: conversation.id }),
    },
  ];

  const until = conversation.mute?.until;
  return (
    <header className="conversation__header">
      <div className="conversation__who">
        <Avatar id={peer?.id ?? conversation.id} name={title} group={conversation.kind !== 'direct'} />
        <div className="conversation__titles">
          <h2 id={titleId} className="conversation__title">
            {peer ? (
              <button
                type="button"
                className="title-button"
                onClick={() => model.ui.pushOverlay({ kind: 'user', userId: peer.id })}
                title="View profile"
              >
                {title}
              </button>
            ) : (
              title
            )}
          </h2>
          <span className="conversation__subtitle">{subtitle}</span>
        </div>
      </div>
      <div className="conversation__actions">
        {muted && (
          <span
            className="pill pill--muted"
            title={until ? `Muted until ${formatListTime(until, now)}` : 'Muted'}
          >
            <Icon name="muted" size={14} /> Muted
          </span>
        )}
        {peer && <FollowButton userId={peer.id} />}
        <button
          type="button"
          className="icon-button"
          aria-label="Search messages"
          title="Search messages"
          onClick={() => model.ui.pushOverlay({ kind: 'search', conversationId: conversation.id })}
        >
          <Icon name="search" />
        </button>
        <Menu
          label="Conversation options"
          items={items}
          button={<Icon name="more" />}
          testId="conversation-menu"
        />
      </div>
    </header>
  );
}
