import type { Me } from '../../src-shared/domain.ts';
import type { SessionSlice } from '../model/session-model.ts';
import { useModel, useStore } from './model-context.ts';

export function useSession(): SessionSlice {
  return useStore(useModel().session.state);
}

export function useMe(): Me | null {
  return useSession().me;
}
