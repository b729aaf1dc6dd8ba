import type { Core } from '../../core/core.ts';
import type { TraySource } from './tray-binding.ts';

/** What the tray reads from the core: its events and a first look at the current state. */
export type TrayCore = Pick<Core, 'events' | 'me' | 'settings' | 'conversations' | 'badgeCount' | 'clock'>;

/**
 * The core as a tray source. Lives apart from the Electron wiring (app-parts.ts) so that tests can bind
 * the real tray service to a real core without the Electron binary.
 */
export function traySourceFor(core: TrayCore): TraySource {
  return {
    subscribe: (listener) => core.events.subscribe(listener),
    me: () => core.me,
    settings: () => core.settings.get(),
    conversations: () => core.conversations.list(),
    badgeCount: () => core.badgeCount(),
    now: () => core.clock.now(),
    at: (time, callback) => {
      const timer = setTimeout(callback, Math.max(0, time - core.clock.now()));
      return () => clearTimeout(timer);
    },
  };
}
