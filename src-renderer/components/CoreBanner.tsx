import { useModel, useStore } from '../hooks/model-context.ts';

/**
 * The app's own core is not answering (in a browser: the headless host stopped or restarted). Shown above
 * everything, also on the loading screen, so a page that cannot work never looks as if it could.
 */
export function CoreBanner() {
  const reachable = useStore(useModel().session.coreReachable);
  if (reachable) return null;
  return (
    <div className="banner banner--danger" role="alert" data-testid="core-banner">
      <span className="spinner" aria-hidden="true" />
      <span>
        <strong>The app is not responding.</strong>{' '}
        <span className="banner__detail">Its background service stopped. Reconnecting to it…</span>
      </span>
    </div>
  );
}
