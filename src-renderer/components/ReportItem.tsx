import { useState } from 'react';
import type { Report } from '../../src-shared/domain.ts';
import { LIMITS } from '../../src-shared/limits.ts';
import { errorMessage } from '../api/api-error.ts';
import { useModel } from '../hooks/model-context.ts';
import { useNow } from '../hooks/useNow.ts';
import { useProfile } from '../hooks/useProfile.ts';
import { formatRelative } from '../lib/time.ts';
import { ErrorNote } from './ErrorNote.tsx';

/** One open report in the moderation feed. */
export function ReportItem({ report, onResolved }: { report: Report; onResolved: (id: string) => void }) {
  const model = useModel();
  const now = useNow(60_000);
  const { profile } = useProfile(report.reportedUser.id);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const muted = profile?.communityMuted ?? false;
  const noteId = `note-${report.id}`;

  const resolve = () => {
    setBusy(true);
    const trimmed = note.trim();
    model.client
      .call('moderation.resolve', { reportId: report.id, ...(trimmed ? { note: trimmed } : {}) })
      .then(
        () => {
          model.ui.toast('Report resolved.');
          onResolved(report.id);
        },
        (e: unknown) => {
          setError(errorMessage(e));
          setBusy(false);
        },
      );
  };

  return (
    <li className="report" data-testid="report">
      <div className="report__head">
        <span className="pill">{report.kind === 'message' ? 'Message' : 'User'}</span>
        <span>
          <strong>{report.reporter.displayName}</strong> reported{' '}
          <strong>{report.reportedUser.displayName}</strong> (@{report.reportedUser.username})
        </span>
        <span className="muted-text">{formatRelative(report.createdAt, now)}</span>
      </div>
      {report.message && <blockquote className="report__message">{report.message.body}</blockquote>}
      <p className="report__reason">{report.reason ? `Reason: ${report.reason}` : 'No reason given.'}</p>
      <ErrorNote error={error} />
      <div className="report__actions">
        <label className="visually-hidden" htmlFor={noteId}>
          Resolution note for this report
        </label>
        <input
          id={noteId}
          className="input input--sm"
          placeholder="Note (optional)"
          maxLength={LIMITS.reportReasonMaxChars}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
        <button
          type="button"
          className={`button button--sm${muted ? '' : ' button--danger'}`}
          disabled={!profile}
          onClick={() => void model.moderation.setCommunityMute(report.reportedUser.id, !muted)}
        >
          {muted ? `Unmute ${report.reportedUser.displayName}` : `Mute ${report.reportedUser.displayName}`}
        </button>
        <button type="button" className="button button--sm button--primary" disabled={busy} onClick={resolve}>
          Resolve
        </button>
      </div>
    </li>
  );
}
