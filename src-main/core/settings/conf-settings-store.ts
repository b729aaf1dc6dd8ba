import Conf from 'conf';
import { defaultLocalSettings } from '../../../src-shared/ipc.ts';
import type { LocalSettings } from '../../../src-shared/ipc.ts';
import { PRIVATE_FILE_MODE } from '../private-files.ts';
import { parseStoredSettings } from './settings-store.ts';
import type { SettingsStore } from './settings-store.ts';

/** Settings in a JSON file through `conf` (the library electron-store wraps), validated with zod on load. */
export class ConfSettingsStore implements SettingsStore {
  readonly #conf: Conf<LocalSettings>;

  constructor(options: { cwd: string; configName?: string }) {
    this.#conf = new Conf<LocalSettings>({
      cwd: options.cwd,
      configName: options.configName ?? 'settings',
      projectName: 'beatpass-messenger',
      defaults: defaultLocalSettings(),
      accessPropertiesByDotNotation: false,
      // Conversation ids, the server address, do-not-disturb: the owner's business only.
      configFileMode: PRIVATE_FILE_MODE,
    });
  }

  load(): LocalSettings {
    return parseStoredSettings(this.#conf.store);
  }

  save(settings: LocalSettings): void {
    this.#conf.store = settings;
  }

  get path(): string {
    return this.#conf.path;
  }
}
