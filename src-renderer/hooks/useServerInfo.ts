import { useEffect, useState } from 'react';
import type { ServerInfo } from '../../src-shared/ipc.ts';
import { errorMessage } from '../api/api-error.ts';
import { useModel } from './model-context.ts';

/** Which server the app signs in to (asked once; `refresh` after changing it, or to retry). */
export function useServerInfo(): { info: ServerInfo | null; error: string | null; refresh: () => void } {
  const model = useModel();
  const [state, setState] = useState<{ info: ServerInfo | null; error: string | null }>({
    info: null,
    error: null,
  });
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let live = true;
    model.client.call('server.get', {}).then(
      (info) => live && setState({ info, error: null }),
      (error: unknown) => live && setState((s) => ({ info: s.info, error: errorMessage(error) })),
    );
    return () => {
      live = false;
    };
  }, [model, version]);
  return { ...state, refresh: () => setVersion((v) => v + 1) };
}
