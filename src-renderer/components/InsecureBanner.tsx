import { useServerInfo } from '../hooks/useServerInfo.ts';
import { Icon } from './Icon.tsx';

/**
 * While signed in to a server over plain http:// (to another computer, confirmed at sign-in), a banner
 * says so for as long as it lasts: no dismiss button, as the risk does not go away.
 */
export function InsecureBanner() {
  const { info } = useServerInfo();
  if (!info?.insecure) return null;
  return (
    <div className="banner banner--warn" role="note" data-testid="insecure-banner">
      <Icon name="lock" size={16} />
      <span>
        <strong>Not encrypted.</strong>{' '}
        <span className="banner__detail">
          {info.url} uses plain http://: messages and your password travel readable on the network.
        </span>
      </span>
    </div>
  );
}
