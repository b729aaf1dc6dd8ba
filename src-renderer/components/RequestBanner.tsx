import { useEffect, useRef, useState } from 'react';
import type { ConversationView } from '../../src-shared/ipc.ts';
import { errorMessage } from '../api/api-error.ts';
import { useModel } from '../hooks/model-context.ts';
import { useUi } from '../hooks/useUi.ts';
import { conversationTitle } from '../lib/conversation.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { Icon } from './Icon.tsx';
import { Isolated } from './Isolated.tsx';

/**
 * For the recipient of a direct message request, or of an invitation to a group or team: accept, decline
 * or block the sender, with a short safety note. Opening the request puts focus on Accept (there is no
 * composer to focus yet); Decline and Block ask first, since they are final.
 */
export function RequestBanner({ conversation, meId }: { conversation: ConversationView; meId: string }) {
  const model = useModel();
  const { composerFocus } = useUi();
  const invitation = conversation.kind !== 'direct';
  const peer = conversation.participants.find((p) => p.id === conversation.requesterId) ?? null;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const acceptRef = useRef<HTMLButtonElement>(null);

  // The open-conversation focus request lands here while the composer is replaced by this banner.
  useEffect(() => {
    acceptRef.current?.focus();
  }, [composerFocus]);

  const accept = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await model.conversations.accept(conversation.id);
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };

  return (
    <section
      className="request-banner"
      aria-label={invitation ? 'Invitation' : 'Message request'}
      data-testid="request-banner"
    >
      <p className="request-banner__title">
        {peer ? (
          <button
            type="button"
            className="link-button"
            onClick={() => model.ui.pushOverlay({ kind: 'user', userId: peer.id })}
          >
            <Isolated text={peer.displayName} />
          </button>
        ) : (
          'Someone'
        )}{' '}
        {invitation ? (
          <>
            invited you to {conversation.kind === 'team' ? 'the team chat' : 'the group'}{' '}
            <strong>
              <Isolated text={conversationTitle(conversation, meId)} />
            </strong>
            .
          </>
        ) : (
          'wants to message you.'
        )}
      </p>
      <p className="request-banner__safety">
        <Icon name="lock" size={14} />
        <span>
          Stay safe: never share passwords, payment details or addresses. BeatPass will never ask for them in
          a message.
        </span>
      </p>
      <ErrorNote error={error} />
      <div className="request-banner__actions">
        {peer && (
          <button
            type="button"
            className="button button--ghost"
            aria-disabled={busy || undefined}
            onClick={() =>
              !busy && model.ui.pushOverlay({ kind: 'confirmBlock', user: peer, requestId: conversation.id })
            }
          >
            Block…
          </button>
        )}
        <button
          type="button"
          className="button"
          aria-disabled={busy || undefined}
          onClick={() =>
            !busy && model.ui.pushOverlay({ kind: 'confirmDecline', conversationId: conversation.id })
          }
        >
          Decline…
        </button>
        <button
          ref={acceptRef}
          type="button"
          className="button button--primary"
          aria-disabled={busy || undefined}
          onClick={() => void accept()}
          data-testid="accept-request"
        >
          {busy ? 'Accepting…' : 'Accept'}
        </button>
      </div>
    </section>
  );
}
