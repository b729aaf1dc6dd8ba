import type { Me } from '../../src-shared/domain.ts';
import type { ConversationView } from '../../src-shared/ipc.ts';
import { useModel } from '../hooks/model-context.ts';
import { useConversationMenu } from '../hooks/useConversationMenu.ts';
import { useNow } from '../hooks/useNow.ts';
import { directPeer, isMuteActive, joinNames, otherParticipants } from '../lib/conversation.ts';
import { formatListTime } from '../lib/time.ts';
import { Avatar } from './Avatar.tsx';
import { FollowButton } from './FollowButton.tsx';
import { Icon } from './Icon.tsx';
import { Isolated } from './Isolated.tsx';
import { Menu } from './Menu.tsx';

/**
 * The open conversation's title, who is in it, and its actions. In the narrow (one-pane) layout a Back
 * button leads the row and Follow and Search fold into the ⋯ menu, so the title keeps its room.
 */
export function ConversationHeader({
  conversation,
  me,
  title,
  titleId,
  narrow,
}: {
  conversation: ConversationView;
  me: Me;
  title: string;
  titleId: string;
  narrow: boolean;
}) {
  const model = useModel();
  const now = useNow(60_000);
  const peer = directPeer(conversation, me.id);
  const others = otherParticipants(conversation, me.id);
  const muted = isMuteActive(conversation.mute, now);
  const items = useConversationMenu(conversation, me, 'header', { narrow });

  const subtitle =
    conversation.kind === 'direct'
      ? peer
        ? `@${peer.username}${peer.producerName ? ` · ${peer.producerName}` : ''}`
        : ''
      : `${conversation.kind === 'team' ? 'Team · ' : ''}${conversation.participants.length} members: ${joinNames(
          ['You', ...others.map((p) => p.displayName)],
          5,
        )}`;

  const until = conversation.mute?.until;
  return (
    <header className="conversation__header">
      {narrow && (
        <button
          type="button"
          className="icon-button"
          aria-label="Back to conversations"
          aria-keyshortcuts="Alt+ArrowLeft Escape"
          title="Back (Esc or Alt+←)"
          onClick={() => model.conversations.close({ focusList: true })}
          data-testid="back"
        >
          <Icon name="arrowLeft" />
        </button>
      )}
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
                <Isolated text={title} />
              </button>
            ) : (
              <Isolated text={title} />
            )}
          </h2>
          <span className="conversation__subtitle">
            <Isolated text={subtitle} />
          </span>
        </div>
      </div>
      <div className="conversation__actions">
        {muted && (
          <span
            className="pill pill--muted"
            title={until ? `Muted until ${formatListTime(until, now)}` : 'Muted'}
            aria-label="Muted"
          >
            <Icon name="muted" size={14} />
            {!narrow && ' Muted'}
          </span>
        )}
        {peer && !narrow && <FollowButton userId={peer.id} />}
        {!narrow && (
          <button
            type="button"
            className="icon-button"
            aria-label="Search messages"
            title="Search messages"
            onClick={() => model.ui.pushOverlay({ kind: 'search', conversationId: conversation.id })}
          >
            <Icon name="search" />
          </button>
        )}
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
