import { useSession } from '../hooks/useSession.ts';
import { useTheme } from '../hooks/useTheme.ts';
import { useZoom } from '../hooks/useZoom.ts';
import { AuthScreen } from './AuthScreen.tsx';
import { Messenger } from './Messenger.tsx';

export function App() {
  useTheme();
  useZoom();
  const session = useSession();
  if (session.status === 'loading') {
    return (
      <div className="splash" role="status" aria-live="polite">
        <span className="splash__logo" aria-hidden="true">
          BP
        </span>
        <span className="visually-hidden">Loading BeatPass Messenger…</span>
      </div>
    );
  }
  if (!session.me) return <AuthScreen />;
  return <Messenger me={session.me} />;
}
