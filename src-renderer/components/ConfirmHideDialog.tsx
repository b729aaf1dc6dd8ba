import { useState } from 'react';
import type { Me } from '../../src-shared/domain.ts';
import { errorMessage } from '../api/api-error.ts';
import { useModel } from '../hooks/model-context.ts';
import { useConversation } from '../hooks/useConversations.ts';
import { conversationTitle } from '../lib/conversation.ts';
import { Dialog } from './Dialog.tsx';
import { ErrorNote } from './ErrorNote.tsx';

/** Hiding removes the conversation from the list until a new message arrives. */
export function ConfirmHideDialog({ conversationId, me }: { conversationId: string; me: Me }) {
  const model = useModel();
  const conversation = useConversation(conversationId);
  const [error, setError] = useState<string | null>(null);
  const title = conversation ? conversationTitle(conversation, me.id) : 'this conversation';

  const hide = () => {
    model.conversations.hide(conversationId).then(
      () => model.ui.popOverlay(),
      (e: unknown) => setError(errorMessage(e)),
    );
  };

  return (
    <Dialog title="Hide conversation?" size="sm" testId="confirm-hide">
      <p>
        Hide your conversation with <strong>{title}</strong>? It leaves your list until a new message arrives.
        Nothing is deleted for the others.
      </p>
      <ErrorNote error={error} />
      <div className="dialog__footer">
        <button type="button" className="button" data-autofocus onClick={() => model.ui.popOverlay()}>
          Cancel
        </button>
        <button type="button" className="button button--danger" onClick={hide}>
          Hide
        </button>
      </div>
    </Dialog>
  );
}
