import type { Loadable } from '../model/loadable.ts';

/**
 * What stands in for something that is not loaded: "Loading preferences…" while it loads, or why it
 * failed with Retry (it also loads again by itself once the connection is back). Nothing when it is there.
 */
export function LoadStatus<T>({
  state,
  what,
  onRetry,
}: {
  state: Loadable<T>;
  /** Lower case, plural or mass noun: "preferences", "notifications". */
  what: string;
  onRetry: () => void;
}) {
  if (state.status === 'error') {
    return (
      <div className="load-status load-status--error" role="alert">
        <span>
          Could not load {what}: {state.error}
        </span>
        <button type="button" className="button button--sm" onClick={onRetry}>
          Retry
        </button>
      </div>
    );
  }
  if (state.status === 'ready' || state.value !== null) return null;
  return (
    <p className="load-status muted-text" role="status">
      Loading {what}…
    </p>
  );
}
