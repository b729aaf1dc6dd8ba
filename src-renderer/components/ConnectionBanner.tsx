import { useModel } from '../hooks/model-context.ts';
import { useConnection } from '../hooks/useConnection.ts';
import { useNow } from '../hooks/useNow.ts';
import { formatCountdown } from '../lib/time.ts';
import { Icon } from './Icon.tsx';

/** Offline: when the next try is, and "Retry now". Cached conversations stay readable meanwhile. */
export function ConnectionBanner() {
  const model = useModel();
  const state = useConnection();
  const now = useNow(1000);
  if (!state || state.status === 'online' || state.status === 'signed_out') return null;
  if (state.status === 'connecting') {
    if (state.attempt === 0) return null;
    return (
      <div className="banner banner--info" role="status" data-testid="connection-banner">
        <span className="spinner" aria-hidden="true" />
        <span>Reconnecting…</span>
      </div>
    );
  }
  return (
    <div className="banner banner--warn" role="status" data-testid="connection-banner">
      <Icon name="wifiOff" size={16} />
      <span>
        <strong>Offline.</strong>{' '}
        {state.nextRetryAt
          ? `Trying again ${formatCountdown(state.nextRetryAt, now)}.`
          : 'Waiting for the network.'}{' '}
        <span className="banner__detail">
          You can still read cached messages; new ones are sent when you are back.
        </span>
      </span>
      <button
        type="button"
        className="button button--sm"
        onClick={() => void model.session.retryConnection()}
      >
        Retry now
      </button>
    </div>
  );
}
