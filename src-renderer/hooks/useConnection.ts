import type { ConnectionState } from '../../src-shared/ipc.ts';
import { useModel, useStore } from './model-context.ts';

export function useConnection(): ConnectionState | null {
  return useStore(useModel().session.connection);
}
