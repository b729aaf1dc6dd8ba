import { usePageBadge } from '../hooks/usePageBadge.ts';
import { useSession } from '../hooks/useSession.ts';
import { useTheme } from '../hooks/useTheme.ts';
import { useZoom } from '../hooks/useZoom.ts';
import { AuthScreen } from './AuthScreen.tsx';
import { CoreBanner } from './CoreBanner.tsx';
import { Messenger } from './Messenger.tsx';

export function App() {
  useTheme();
  useZoom();
  usePageBadge();
  const session = useSession();
  return (
    <div className="app-root">
      <CoreBanner />
      {session.status === 'loading' ? (
        <div className="splash" role="status" aria-live="polite">
          <span className="splash__logo" aria-hidden="true">
            BP
          </span>
          <span className="visually-hidden">Loading BeatPass Messenger…</span>
        </div>
      ) : session.me ? (
        <Messenger me={session.me} />
      ) : (
        <AuthScreen />
      )}
    </div>
  );
}
