import { createContext, useContext, useSyncExternalStore } from 'react';
import type { AppModel } from '../model/app-model.ts';
import type { Store } from '../model/store.ts';

export const ModelContext = createContext<AppModel | null>(null);

export function useModel(): AppModel {
  const model = useContext(ModelContext);
  if (!model) throw new Error('useModel needs a <ModelContext.Provider>');
  return model;
}

export function useStore<T>(store: Store<T>): T {
  return useSyncExternalStore(store.subscribe, store.get, store.get);
}
