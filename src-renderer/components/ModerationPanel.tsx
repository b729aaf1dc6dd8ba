import { useCallback, useEffect, useState } from 'react';
import type { Report } from '../../src-shared/domain.ts';
import { errorMessage } from '../api/api-error.ts';
import { useModel, useStore } from '../hooks/model-context.ts';
import { Dialog } from './Dialog.tsx';
import { ReportItem } from './ReportItem.tsx';
import { ErrorNote } from './ErrorNote.tsx';

/** Moderators: the open reports, resolve them, and community-mute or unmute the reported user. */
export function ModerationPanel() {
  const model = useModel();
  const openReports = useStore(model.moderation.openReports).value;
  const [reports, setReports] = useState<Report[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    model.client.call('moderation.reports', {}).then(
      ({ reports: list }) => {
        setReports(list.filter((r) => r.status === 'open'));
        setError(null);
      },
      (e: unknown) => setError(errorMessage(e)),
    );
  }, [model]);

  // Reload whenever the open-report count changes (a new report, or another moderator resolved one).
  useEffect(() => load(), [load, openReports]);

  return (
    <Dialog title="Moderation" size="lg" testId="moderation">
      <div className="moderation">
        <p className="muted-text">
          {reports
            ? `${reports.length} open ${reports.length === 1 ? 'report' : 'reports'}`
            : 'Loading reports…'}
        </p>
        <ErrorNote error={error} />
        {reports && reports.length === 0 && (
          <p className="moderation__empty">No open reports. Nice and quiet.</p>
        )}
        <ul className="moderation__list" aria-label="Open reports">
          {reports?.map((r) => (
            <ReportItem
              key={r.id}
              report={r}
              onResolved={(id) => setReports((prev) => prev?.filter((x) => x.id !== id) ?? null)}
            />
          ))}
        </ul>
      </div>
    </Dialog>
  );
}
