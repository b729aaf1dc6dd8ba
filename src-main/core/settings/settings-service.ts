import type { LocalSettings, MuteDuration } from '../../../src-shared/ipc.ts';
import type { settingsPatchSchema } from '../../../src-shared/ipc.ts';
import type { z } from 'zod';
import type { Clock } from '../clock.ts';
import { isMuteActive, muteFor, pruneExpiredMutes } from '../policy/mute.ts';
import type { SettingsStore } from './settings-store.ts';

export type SettingsPatch = z.output<typeof settingsPatchSchema>;

/** Local settings with the mute and do-not-disturb rules on top; tells a listener after every change. */
export class SettingsService {
  readonly #store: SettingsStore;
  readonly #clock: Clock;
  readonly #onChange: (settings: LocalSettings) => void;
  #settings: LocalSettings;

  constructor(store: SettingsStore, clock: Clock, onChange: (settings: LocalSettings) => void) {
    this.#store = store;
    this.#clock = clock;
    this.#onChange = onChange;
    const loaded = store.load();
    this.#settings = { ...loaded, mutes: pruneExpiredMutes(loaded.mutes, clock.now()) };
  }

  get(): LocalSettings {
    return structuredClone(this.#settings);
  }

  update(patch: SettingsPatch): LocalSettings {
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    return this.#commit({ ...this.#settings, ...defined });
  }

  muteConversation(conversationId: string, duration: MuteDuration | 'off'): LocalSettings {
    const now = this.#clock.now();
    const mutes = pruneExpiredMutes(this.#settings.mutes, now);
    const mute = muteFor(duration, now);
    if (mute) mutes[conversationId] = mute;
    else delete mutes[conversationId];
    return this.#commit({ ...this.#settings, mutes });
  }

  /** For a duration from now, or until a given time (a time already past turns it off). */
  setDoNotDisturb(choice: { duration: MuteDuration | 'off' } | { until: number }): LocalSettings {
    const now = this.#clock.now();
    const doNotDisturb =
      'until' in choice
        ? choice.until > now
          ? { until: choice.until }
          : null
        : muteFor(choice.duration, now);
    return this.#commit({ ...this.#settings, doNotDisturb });
  }

  /** Forgets every conversation mute (they belong to the account that signed out). */
  clearMutes(): LocalSettings {
    return this.#commit({ ...this.#settings, mutes: {} });
  }

  /** The server the user chose at sign-in, or null for the app's default. */
  setServerUrl(serverUrl: string | null): LocalSettings {
    return this.#commit({ ...this.#settings, serverUrl });
  }

  isMuted(conversationId: string): boolean {
    return isMuteActive(this.#settings.mutes[conversationId], this.#clock.now());
  }

  muteOf(conversationId: string): LocalSettings['mutes'][string] | null {
    const mute = this.#settings.mutes[conversationId];
    return mute && isMuteActive(mute, this.#clock.now()) ? mute : null;
  }

  #commit(next: LocalSettings): LocalSettings {
    this.#settings = next;
    this.#store.save(next);
    this.#onChange(this.get());
    return this.get();
  }
}
