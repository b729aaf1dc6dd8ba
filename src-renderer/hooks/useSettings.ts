import type { NotificationPrefs } from '../../src-shared/domain.ts';
import type { LocalSettings } from '../../src-shared/ipc.ts';
import type { Loadable } from '../model/loadable.ts';
import { useModel, useStore } from './model-context.ts';

/** Local settings as loaded (with status and error, for the settings screen). */
export function useSettingsState(): Loadable<LocalSettings> {
  return useStore(useModel().settings.local);
}

/** Local settings once loaded, else null (callers fall back to defaults). */
export function useSettings(): LocalSettings | null {
  return useSettingsState().value;
}

export function usePrefs(): Loadable<NotificationPrefs> {
  return useStore(useModel().settings.prefs);
}
