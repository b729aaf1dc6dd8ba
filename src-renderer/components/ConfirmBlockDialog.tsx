import { useState } from 'react';
import type { UserSummary } from '../../src-shared/domain.ts';
import { errorMessage } from '../api/api-error.ts';
import { useModel } from '../hooks/model-context.ts';
import { Dialog } from './Dialog.tsx';
import { ConfirmFooter } from './ConfirmFooter.tsx';
import { ErrorNote } from './ErrorNote.tsx';
import { Isolated } from './Isolated.tsx';

/**
 * Asks before blocking someone (from their card, the conversation menu, or a request). From a request it
 * also declines the request, as Signal's "Block" on a request does. Cancel has focus.
 */
export function ConfirmBlockDialog({ user, requestId }: { user: UserSummary; requestId: string | null }) {
  const model = useModel();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const confirm = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      // Declined first: once blocked, the request may already be gone from the list.
      if (requestId) await model.conversations.decline(requestId);
      await model.people.setBlocked(user.id, true);
      model.ui.popOverlay();
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };

  return (
    <Dialog title={`Block ${user.displayName}?`} size="sm" testId="confirm-block">
      <p>
        <Isolated text={user.displayName} /> will not be able to message you or invite you to groups. They are
        not told. You can unblock them in Settings.
        {requestId ? ' This request is declined as well.' : ''}
      </p>
      <ErrorNote error={error} />
      <ConfirmFooter label="Block" busyLabel="Blocking…" busy={busy} onConfirm={() => void confirm()} />
    </Dialog>
  );
}
