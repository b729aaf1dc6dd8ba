import { memo } from 'react';
import type { UserSummary } from '../../src-shared/domain.ts';
import type { ConversationView, MessageView, SendState } from '../../src-shared/ipc.ts';
import { useModel } from '../hooks/model-context.ts';
import { avatarTone } from '../lib/conversation.ts';
import { formatClock, formatFullTime } from '../lib/time.ts';
import { Avatar } from './Avatar.tsx';
import { Icon } from './Icon.tsx';
import { Isolated } from './Isolated.tsx';
import { MessageBody } from './MessageBody.tsx';
import { SendingNote } from './SendingNote.tsx';
import { SendStateIcon } from './SendStateIcon.tsx';

/**
 * One message: bubble, time, your send state ("Sending…" when slow), a failed send's reason with Retry /
 * Edit / Discard, and actions.
 *
 * Its props are what it shows, not the conversation or the history row: both are new objects whenever
 * anything in the conversation changes (a read mark, a new message), and then every mounted row would
 * render again for nothing.
 */
export const MessageRow = memo(function MessageRow({
  rowKey,
  message,
  groupStart,
  groupEnd,
  conversationId,
  kind,
  state,
  meId,
  author,
  tabbable,
  highlighted,
  onFocus,
}: {
  rowKey: string;
  message: MessageView;
  groupStart: boolean;
  groupEnd: boolean;
  conversationId: string;
  kind: ConversationView['kind'];
  /** The send state as shown (`effectiveSendState`: the message's own, moved on by the receipts). */
  state: SendState;
  meId: string;
  author: UserSummary | null;
  tabbable: boolean;
  highlighted: boolean;
  onFocus: (key: string) => void;
}) {
  const model = useModel();
  const mine = message.mine || message.authorId === meId;
  const authorName = mine ? 'You' : (author?.displayName ?? 'Unknown');
  const showAuthor = groupStart && !mine && kind !== 'direct';
  const showAvatar = groupEnd && !mine && kind !== 'direct';
  const tab = tabbable ? 0 : -1;
  const classes = [
    'msg',
    mine ? 'msg--mine' : 'msg--theirs',
    groupStart ? 'msg--start' : '',
    groupEnd ? 'msg--end' : '',
    kind !== 'direct' && !mine ? 'msg--with-avatar' : '',
    highlighted ? 'msg--highlight' : '',
    state === 'failed' ? 'msg--failed' : '',
  ]
    .filter(Boolean)
    .join(' ');

  return (
    <article
      className={classes}
      tabIndex={tab}
      data-key={rowKey}
      data-testid="message"
      data-state={mine ? state : undefined}
      data-mine={mine}
      aria-label={`${authorName}, ${formatClock(message.createdAt)}${mine ? `, ${stateWord(state)}` : ''}`}
      onFocus={(e) => {
        if (e.target === e.currentTarget) onFocus(rowKey);
      }}
    >
      {kind !== 'direct' && !mine && (
        <div className="msg__avatar">
          {showAvatar && author && <Avatar id={author.id} name={author.displayName} size="sm" />}
        </div>
      )}
      <div className="msg__column">
        {showAuthor && (
          <button
            type="button"
            className={`msg__author msg__author--tone${avatarTone(message.authorId)}`}
            tabIndex={tab}
            onClick={() => model.ui.pushOverlay({ kind: 'user', userId: message.authorId })}
          >
            <Isolated text={authorName} />
          </button>
        )}
        <div className="msg__bubble">
          <MessageBody body={message.body} tabIndex={tab} />
          <span className="msg__meta">
            <time
              dateTime={new Date(message.createdAt).toISOString()}
              title={formatFullTime(message.createdAt)}
            >
              {formatClock(message.createdAt)}
            </time>
            {mine && <SendStateIcon state={state} />}
          </span>
        </div>
        {state === 'sending' && mine && message.id === null && <SendingNote createdAt={message.createdAt} />}
        {state === 'failed' && (
          <div className="msg__failed" data-testid="message-failed">
            <Icon name="alert" size={14} />
            <span>
              Not sent{message.failure ? `: ${message.failure.message}` : ''}
              {message.failure?.willRetry ? ' It goes out by itself once the server answers.' : ''}
            </span>
            <button
              type="button"
              className="button button--sm"
              onClick={() => {
                // The failed note goes away with this button: focus waits in the composer.
                model.ui.focusComposer();
                void model.conversations.threads.retry(conversationId, message.clientId);
              }}
            >
              Retry
            </button>
            <button
              type="button"
              className="button button--sm button--ghost"
              onClick={() => {
                const threads = model.conversations.threads;
                void threads.edit(conversationId, message.clientId).then((text) => {
                  if (text !== null) model.ui.insertIntoComposer(conversationId, text);
                });
              }}
            >
              Edit
            </button>
            <button
              type="button"
              className="button button--sm button--ghost"
              onClick={() => {
                model.ui.focusComposer();
                void model.conversations.threads.discard(conversationId, message.clientId);
              }}
            >
              Discard
            </button>
          </div>
        )}
      </div>
      {!mine && message.id !== null && (
        <div className="msg__tools">
          <button
            type="button"
            className="icon-button icon-button--sm"
            tabIndex={tab}
            aria-label={`Report message from ${authorName}`}
            title="Report message"
            onClick={() => model.ui.pushOverlay({ kind: 'reportMessage', message, authorName })}
          >
            <Icon name="flag" size={14} />
          </button>
        </div>
      )}
    </article>
  );
});

function stateWord(state: SendState): string {
  return state === 'failed' ? 'not sent' : state;
}
