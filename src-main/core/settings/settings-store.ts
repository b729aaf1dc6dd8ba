import { defaultLocalSettings, localSettingsSchema } from '../../../src-shared/ipc.ts';
import type { LocalSettings } from '../../../src-shared/ipc.ts';

/**
 * Where local settings live. The Electron shell backs it with electron-store; the core, the headless host
 * and the tests use `ConfSettingsStore` (same file format, no Electron) or `MemorySettingsStore`.
 */
export interface SettingsStore {
  load(): LocalSettings;
  save(settings: LocalSettings): void;
}

/** Parses whatever was stored; unknown or broken values fall back to their defaults one key at a time. */
export function parseStoredSettings(raw: unknown): LocalSettings {
  const defaults = defaultLocalSettings();
  if (typeof raw !== 'object' || raw === null) return defaults;
  const whole = localSettingsSchema.safeParse({ ...defaults, ...raw });
  if (whole.success) return whole.data;
  const result: Record<string, unknown> = { ...defaults };
  const shape = localSettingsSchema.shape;
  for (const key of Object.keys(shape) as (keyof LocalSettings)[]) {
    const value = (raw as Record<string, unknown>)[key];
    if (value !== undefined && shape[key].safeParse(value).success) result[key] = value;
  }
  return localSettingsSchema.parse(result);
}

export class MemorySettingsStore implements SettingsStore {
  #settings: LocalSettings;

  constructor(initial: Partial<LocalSettings> = {}) {
    this.#settings = parseStoredSettings(initial);
  }

  load(): LocalSettings {
    return structuredClone(this.#settings);
  }

  save(settings: LocalSettings): void {
    this.#settings = structuredClone(settings);
  }
}
