import { memo } from 'react';
import type { MouseEvent } from 'react';
import type { ConversationView } from '../../src-shared/ipc.ts';
import {
  conversationTitle,
  directPeer,
  isMuteActive,
  isRequestForMe,
  isWaitingForAcceptance,
  lastMessageState,
  previewText,
} from '../lib/conversation.ts';
import { formatFullTime, formatListTime } from '../lib/time.ts';
import { Avatar } from './Avatar.tsx';
import { Icon } from './Icon.tsx';
import { Isolated } from './Isolated.tsx';
import { SendStateIcon, sendStateLabel } from './SendStateIcon.tsx';

export const ConversationRow = memo(function ConversationRow({
  conversation,
  meId,
  now,
  index,
  count,
  top,
  height,
  selected,
  cursor,
  onOpen,
  onMenu,
}: {
  conversation: ConversationView;
  meId: string;
  now: number;
  index: number;
  count: number;
  top: number;
  height: number;
  selected: boolean;
  cursor: boolean;
  onOpen: (conversationId: string) => void;
  onMenu: (conversationId: string, e: MouseEvent) => void;
}) {
  const title = conversationTitle(conversation, meId);
  const preview = previewText(conversation, meId);
  const muted = isMuteActive(conversation.mute, now);
  const request = isRequestForMe(conversation, meId);
  const waiting = isWaitingForAcceptance(conversation, meId);
  const state = lastMessageState(conversation, meId);
  const unread = conversation.unreadCount > 0 ? conversation.unreadCount : conversation.markedUnread ? 1 : 0;
  const time = conversation.lastMessage?.createdAt ?? conversation.lastActivityAt;
  const disabled = conversation.disabledReason;
  const failed = conversation.failedMessages;

  const label = [
    title,
    conversation.kind === 'group' ? 'group' : conversation.kind === 'team' ? 'team' : null,
    unread > 0
      ? conversation.unreadCount > 0
        ? `${conversation.unreadCount} unread`
        : 'marked unread'
      : null,
    request ? (conversation.kind === 'direct' ? 'message request' : 'invitation') : null,
    waiting ? 'waiting for acceptance' : null,
    muted ? 'muted' : null,
    disabled ? `disabled: ${disabled}` : null,
    failed > 0 ? (failed === 1 ? '1 message not sent' : `${failed} messages not sent`) : null,
    state ? sendStateLabel(state) : null,
    preview,
    formatListTime(time, now),
  ]
    .filter(Boolean)
    .join(', ');

  return (
    <div
      id={`conv-${conversation.id}`}
      role="option"
      aria-selected={selected}
      aria-setsize={count}
      aria-posinset={index + 1}
      aria-label={label}
      className={`conv-row${selected ? ' conv-row--selected' : ''}${cursor ? ' conv-row--cursor' : ''}${unread > 0 ? ' conv-row--unread' : ''}`}
      style={{ transform: `translateY(${top}px)`, height }}
      onClick={() => onOpen(conversation.id)}
      onContextMenu={(e) => onMenu(conversation.id, e)}
      data-conversation-id={conversation.id}
      data-testid="conversation-row"
    >
      <Avatar
        id={directPeer(conversation, meId)?.id ?? conversation.id}
        name={title}
        group={conversation.kind !== 'direct'}
      />
      <div className="conv-row__body">
        <div className="conv-row__top">
          <Isolated className="conv-row__title" text={title} />
          {muted && (
            <span className="conv-row__muted" title="Muted">
              <Icon name="muted" size={14} />
            </span>
          )}
          <time
            className="conv-row__time"
            dateTime={new Date(time).toISOString()}
            title={formatFullTime(time)}
          >
            {formatListTime(time, now)}
          </time>
        </div>
        <div className="conv-row__bottom">
          {state && <SendStateIcon state={state} />}
          <span className="conv-row__preview" dir="auto">
            {disabled ? disabled : preview}
          </span>
          {request && (
            <span className="pill pill--request">
              {conversation.kind === 'direct' ? 'Request' : 'Invite'}
            </span>
          )}
          {waiting && !request && <span className="pill">Pending</span>}
          {disabled && <span className="pill pill--muted">Disabled</span>}
          {failed > 0 && (
            <span className="pill pill--danger" data-testid="row-failed" title="Some messages were not sent">
              <Icon name="alert" size={12} />
              Not sent
            </span>
          )}
          {unread > 0 && (
            <span className={`count-badge${muted ? ' count-badge--muted' : ''}`} data-testid="unread-badge">
              {conversation.unreadCount > 0
                ? conversation.unreadCount > 99
                  ? '99+'
                  : conversation.unreadCount
                : ''}
            </span>
          )}
        </div>
      </div>
    </div>
  );
});
