import type { Me } from '../../src-shared/domain.ts';
import type { SessionSlice } from '../model/app-model.ts';
import { useModel, useStore } from './model-context.ts';

export function useSession(): SessionSlice {
  return useStore(useModel().session);
}

export function useMe(): Me | null {
  return useSession().me;
}
