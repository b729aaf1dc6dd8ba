import { useEffect, useState } from 'react';
import type { ServerInfo } from '../../src-shared/ipc.ts';
import { useModel } from './model-context.ts';

/** Which server the app signs in to (asked once; `refresh` after changing it). */
export function useServerInfo(): { info: ServerInfo | null; refresh: () => void } {
  const model = useModel();
  const [info, setInfo] = useState<ServerInfo | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let live = true;
    model.client.call('server.get', {}).then(
      (result) => live && setInfo(result),
      () => live && setInfo(null),
    );
    return () => {
      live = false;
    };
  }, [model, version]);
  return { info, refresh: () => setVersion((v) => v + 1) };
}
