import { useState } from 'react';
import type { FormEvent } from 'react';
import type { UserSummary } from '../../src-shared/domain.ts';
import type { MessageView } from '../../src-shared/ipc.ts';
import { LIMITS } from '../../src-shared/limits.ts';
import { errorMessage } from '../api/api-error.ts';
import { useModel } from '../hooks/model-context.ts';
import { Dialog } from './Dialog.tsx';
import { Field } from './Field.tsx';
import { ErrorNote } from './ErrorNote.tsx';

export type ReportTarget =
  { kind: 'message'; message: MessageView; authorName: string } | { kind: 'user'; user: UserSummary };

/** Report a message or a user, with an optional reason (up to 500 characters). */
export function ReportDialog({ target }: { target: ReportTarget }) {
  const model = useModel();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const length = [...reason.trim()].length;
  const over = length > LIMITS.reportReasonMaxChars;
  const name = target.kind === 'message' ? target.authorName : target.user.displayName;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (over || busy) return;
    setBusy(true);
    setError(null);
    const trimmed = reason.trim();
    try {
      if (target.kind === 'message') {
        if (!target.message.id) throw new Error('This message has not been sent yet.');
        await model.client.call('reports.message', {
          messageId: target.message.id,
          ...(trimmed ? { reason: trimmed } : {}),
        });
      } else {
        await model.client.call('reports.user', {
          userId: target.user.id,
          ...(trimmed ? { reason: trimmed } : {}),
        });
      }
      model.ui.popOverlay();
      model.ui.toast('Thanks. The moderators will review your report.');
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={target.kind === 'message' ? 'Report message' : `Report ${name}`}
      size="sm"
      testId="report-dialog"
    >
      <form className="report-form" onSubmit={submit}>
        {target.kind === 'message' && (
          <blockquote className="report__message">
            <strong>{name}:</strong> {target.message.body}
          </blockquote>
        )}
        <Field
          label="Reason (optional)"
          error={over ? `At most ${LIMITS.reportReasonMaxChars} characters.` : undefined}
          trailing={
            <span
              className={`counter${over ? ' counter--over' : ''}`}
              aria-live="polite"
              data-testid="reason-counter"
            >
              {length}/{LIMITS.reportReasonMaxChars}
            </span>
          }
        >
          {(props) => (
            <textarea
              {...props}
              data-autofocus
              className="input textarea"
              rows={4}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          )}
        </Field>
        <p className="muted-text">
          Reports go to the community moderators. {name} is not told who reported them.
        </p>
        <ErrorNote error={error} />
        <div className="dialog__footer">
          <button type="button" className="button" onClick={() => model.ui.popOverlay()}>
            Cancel
          </button>
          <button type="submit" className="button button--danger" disabled={over || busy}>
            {busy ? 'Sending…' : 'Send report'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
