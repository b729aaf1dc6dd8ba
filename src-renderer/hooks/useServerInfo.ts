import type { ServerInfo } from '../../src-shared/ipc.ts';
import { useModel, useStore } from './model-context.ts';

/** Which server the app signs in to (read at boot; `refresh` retries a failed read). */
export function useServerInfo(): { info: ServerInfo | null; error: string | null; refresh: () => void } {
  const model = useModel();
  const state = useStore(model.session.server);
  return { info: state.value, error: state.error, refresh: () => void model.session.server.load() };
}
