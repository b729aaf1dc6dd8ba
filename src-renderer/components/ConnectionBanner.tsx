import type { ConnectionState } from '../../src-shared/ipc.ts';
import { useModel } from '../hooks/model-context.ts';
import { useConnection } from '../hooks/useConnection.ts';
import { useNow } from '../hooks/useNow.ts';
import { useServerInfo } from '../hooks/useServerInfo.ts';
import { formatCountdown } from '../lib/time.ts';
import { Icon } from './Icon.tsx';

type Offline = Extract<ConnectionState, { status: 'offline' }>;

/**
 * Not connected, and why, in words that tell the person what to check: this computer's network, the
 * server not answering at its address, or a server that answered and refused. When the next try is, and
 * "Retry now". Cached conversations stay readable meanwhile.
 */
export function ConnectionBanner() {
  const model = useModel();
  const state = useConnection();
  const { info } = useServerInfo();
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
  const next = state.nextRetryAt ? `Trying again ${formatCountdown(state.nextRetryAt, now)}.` : null;
  const { title, detail } = describeOffline(state, info?.url ?? 'its address');
  return (
    <div
      className={`banner ${state.cause === 'refused' ? 'banner--danger' : 'banner--warn'}`}
      role="status"
      data-testid="connection-banner"
      data-cause={state.cause}
    >
      <Icon name={state.cause === 'network' ? 'wifiOff' : 'alert'} size={16} />
      <span>
        <strong>{title}</strong> {next ?? (state.cause === 'network' ? 'Waiting for the network.' : '')}{' '}
        <span className="banner__detail">
          {detail} You can still read cached messages; new ones are sent when you are back.
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

function describeOffline(state: Offline, url: string): { title: string; detail: string } {
  switch (state.cause) {
    case 'network':
      return { title: 'No network.', detail: 'This computer is not connected to a network.' };
    case 'unreachable':
      return {
        title: 'Can’t reach the server.',
        detail: `Nothing answers at ${url}: it may be down, or the address may be wrong.`,
      };
    case 'refused':
      return {
        title: 'The server refused the connection.',
        detail: `${url} answered but would not let the app in (${state.reason}).`,
      };
  }
}
