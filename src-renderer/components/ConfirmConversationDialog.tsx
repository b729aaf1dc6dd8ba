import { useState } from 'react';
import type { Me } from '../../src-shared/domain.ts';
import { errorMessage } from '../api/api-error.ts';
import { useModel } from '../hooks/model-context.ts';
import { useConversation } from '../hooks/useConversations.ts';
import { conversationTitle, directPeer, firstName } from '../lib/conversation.ts';
import { Dialog } from './Dialog.tsx';
import { ConfirmFooter } from './ConfirmFooter.tsx';
import { ErrorNote } from './ErrorNote.tsx';
import { Isolated } from './Isolated.tsx';

const COPY = {
  hide: {
    title: 'Hide conversation?',
    confirm: 'Hide',
    busy: 'Hiding…',
    text: (name: string) => (
      <>
        Hide your conversation with <Isolated text={name} />? It leaves your list until a new message arrives.
        Nothing is deleted for the others.
      </>
    ),
  },
  decline: {
    title: 'Decline this request?',
    confirm: 'Decline',
    busy: 'Declining…',
    text: (name: string) => (
      <>
        <Isolated text={name} /> will not be able to message you through this request again. They are not told
        that you declined.
      </>
    ),
  },
  leave: {
    title: 'Leave this group?',
    confirm: 'Leave',
    busy: 'Leaving…',
    text: (name: string) => (
      <>
        Leave <Isolated text={name} />? It goes from your list and you get no more messages from it. The
        others see that you left; someone has to invite you to come back.
      </>
    ),
  },
} as const;

/**
 * Asks before an action on a conversation that cannot be taken back from here: hiding it, or declining a
 * message request (final: the server refuses that request from then on), or leaving a group or team.
 * Cancel has focus, so a stray Enter does nothing harmful; after the action focus goes to the list (see
 * ConversationsModel).
 */
export function ConfirmConversationDialog({
  conversationId,
  action,
  me,
}: {
  conversationId: string;
  action: 'hide' | 'decline' | 'leave';
  me: Me;
}) {
  const model = useModel();
  const conversation = useConversation(conversationId);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const copy = COPY[action];
  const peer = conversation ? directPeer(conversation, me.id) : null;
  const name =
    action === 'decline' && peer
      ? firstName(peer.displayName)
      : conversation
        ? conversationTitle(conversation, me.id)
        : 'this conversation';

  const confirm = () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    // The list takes focus afterwards, once this dialog is gone (it waits until no overlay covers it).
    const run =
      action === 'hide'
        ? model.conversations.hide(conversationId)
        : action === 'leave'
          ? model.conversations.leave(conversationId)
          : model.conversations.decline(conversationId);
    run.then(
      () => model.ui.popOverlay(),
      (e: unknown) => {
        setError(errorMessage(e));
        setBusy(false);
      },
    );
  };

  return (
    <Dialog title={copy.title} size="sm" testId={`confirm-${action}`}>
      <p>{copy.text(name)}</p>
      <ErrorNote error={error} />
      <ConfirmFooter label={copy.confirm} busyLabel={copy.busy} busy={busy} onConfirm={confirm} />
    </Dialog>
  );
}
