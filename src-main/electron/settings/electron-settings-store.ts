import Store from 'electron-store';
import { PRIVATE_FILE_MODE } from '../../core/private-files.ts';
import { parseStoredSettings } from '../../core/settings/settings-store.ts';
import type { SettingsStore } from '../../core/settings/settings-store.ts';
import type { LocalSettings } from '../../../src-shared/ipc.ts';
import { parseShellState, platformDefaults } from './defaults.ts';
import type { ShellState } from './defaults.ts';

/**
 * The core's local settings in electron-store (`settings.json` in the user data folder), validated with
 * the contract's zod schema on every load: a hand-edited or outdated file falls back to defaults key by key
 * instead of failing. No tokens here: those are in the encrypted session store.
 */
export class ElectronSettingsStore implements SettingsStore {
  readonly #store: Store<Record<string, unknown>>;

  constructor(options: { cwd: string; platform: NodeJS.Platform }) {
    this.#store = new Store<Record<string, unknown>>({
      name: 'settings',
      cwd: options.cwd,
      clearInvalidConfig: true,
      configFileMode: PRIVATE_FILE_MODE,
    });
    // First run: seed the platform's defaults, so "unset" and "turned off" stay different things.
    if (this.#store.size === 0) this.#store.store = parseStoredSettings(platformDefaults(options.platform));
  }

  load(): LocalSettings {
    return parseStoredSettings(this.#store.store);
  }

  save(settings: LocalSettings): void {
    this.#store.store = settings;
  }
}

/** Window bounds and the frame-flash preference, in `window-state.json`. */
export class ShellStateStore {
  readonly #store: Store<Record<string, unknown>>;

  constructor(cwd: string) {
    this.#store = new Store<Record<string, unknown>>({
      name: 'window-state',
      cwd,
      clearInvalidConfig: true,
      configFileMode: PRIVATE_FILE_MODE,
    });
  }

  load(): ShellState {
    return parseShellState(this.#store.store);
  }

  update(patch: Partial<ShellState>): void {
    this.#store.store = { ...this.load(), ...patch };
  }
}
