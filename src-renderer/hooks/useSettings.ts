import type { NotificationPrefs } from '../../src-shared/domain.ts';
import type { LocalSettings } from '../../src-shared/ipc.ts';
import { useModel, useStore } from './model-context.ts';

export function useSettings(): LocalSettings | null {
  return useStore(useModel().settings);
}

export function usePrefs(): NotificationPrefs | null {
  return useStore(useModel().prefs);
}
