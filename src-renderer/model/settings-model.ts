import type { NotificationPrefs } from '../../src-shared/domain.ts';
import type { IpcPayload, LocalSettings, MuteDuration } from '../../src-shared/ipc.ts';
import type { ApiClient } from '../api/client.ts';
import { LoadableStore } from './loadable.ts';

export type SettingsPatch = IpcPayload<'settings.set'>;
export type DoNotDisturbChoice = MuteDuration | 'off' | 'tomorrow';

/** Settings kept on this machine, and the notification preferences kept on the server. */
export class SettingsModel {
  readonly local: LoadableStore<LocalSettings>;
  readonly prefs: LoadableStore<NotificationPrefs>;
  readonly #client: ApiClient;

  constructor(client: ApiClient) {
    this.#client = client;
    this.local = new LoadableStore(() => client.call('settings.get', {}));
    this.prefs = new LoadableStore(async () => (await client.call('prefs.get', {})).prefs);
  }

  subscribe(): (() => void)[] {
    const on = this.#client.on.bind(this.#client);
    return [
      on('prefs.changed', ({ prefs }) => this.prefs.put(prefs)),
      on('settings.changed', (settings) => this.local.put(settings)),
    ];
  }

  /** Changes local settings; rejects with the reason (the settings screen shows it). */
  async patch(patch: SettingsPatch): Promise<void> {
    this.local.put(await this.#client.call('settings.set', patch));
  }

  /** Saves preferences, showing the new ones at once and putting the old ones back if saving fails. */
  async setPrefs(next: NotificationPrefs): Promise<void> {
    const previous = this.prefs.value;
    this.prefs.put(next);
    try {
      this.prefs.put((await this.#client.call('prefs.set', { prefs: next })).prefs);
    } catch (error) {
      if (previous) this.prefs.put(previous);
      throw error;
    }
  }

  async setDoNotDisturb(choice: DoNotDisturbChoice, now = Date.now()): Promise<void> {
    const payload = choice === 'tomorrow' ? { until: tomorrowMorning(now) } : { duration: choice };
    this.local.put(await this.#client.call('settings.doNotDisturb', payload));
  }
}

/** 08:00 tomorrow, local time (as the tray's "until tomorrow"). */
export function tomorrowMorning(now: number): number {
  const d = new Date(now);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1, 8, 0, 0, 0).getTime();
}
