import { useState } from 'react';
import type { ConversationView } from '../../src-shared/ipc.ts';
import { errorMessage } from '../api/api-error.ts';
import { useModel } from '../hooks/model-context.ts';
import { directPeer } from '../lib/conversation.ts';
import { Icon } from './Icon.tsx';
import { ErrorNote } from './ErrorNote.tsx';

/** For the recipient of a direct message request: accept or decline, with a short safety note. */
export function RequestBanner({ conversation, meId }: { conversation: ConversationView; meId: string }) {
  const model = useModel();
  const peer = directPeer(conversation, meId);
  const [busy, setBusy] = useState<'accept' | 'decline' | null>(null);
  const [error, setError] = useState<string | null>(null);

  const act = async (which: 'accept' | 'decline') => {
    setBusy(which);
    setError(null);
    try {
      if (which === 'accept') await model.conversations.accept(conversation.id);
      else await model.conversations.decline(conversation.id);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="request-banner" aria-label="Message request" data-testid="request-banner">
      <p className="request-banner__title">
        {peer ? (
          <button
            type="button"
            className="link-button"
            onClick={() => model.ui.pushOverlay({ kind: 'user', userId: peer.id })}
          >
            {peer.displayName}
          </button>
        ) : (
          'Someone'
        )}{' '}
        wants to message you.
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
        <button type="button" className="button" disabled={busy !== null} onClick={() => void act('decline')}>
          {busy === 'decline' ? 'Declining…' : 'Decline'}
        </button>
        <button
          type="button"
          className="button button--primary"
          disabled={busy !== null}
          onClick={() => void act('accept')}
        >
          {busy === 'accept' ? 'Accepting…' : 'Accept'}
        </button>
      </div>
    </section>
  );
}
