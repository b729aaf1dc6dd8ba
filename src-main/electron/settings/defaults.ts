import { z } from 'zod';
import type { LocalSettings } from '../../../src-shared/ipc.ts';
import { windowBoundsSchema } from '../window/window-state.ts';

/** The accelerator the global hotkey starts with (a user can change or clear it in settings). */
export const DEFAULT_GLOBAL_HOTKEY = 'CommandOrControl+Shift+M';

/**
 * What a fresh install starts with on this platform: close to tray on Windows and Linux (where closing
 * usually quits), not on macOS (where the dock keeps the app); the global hotkey on.
 */
export function platformDefaults(platform: NodeJS.Platform): Partial<LocalSettings> {
  return { closeToTray: platform !== 'darwin', globalHotkey: DEFAULT_GLOBAL_HOTKEY };
}

/** Shell-only state (not part of the IPC contract): where the window was. */
export const shellStateSchema = z.object({
  windowBounds: windowBoundsSchema.nullable().catch(null),
});
export type ShellState = z.infer<typeof shellStateSchema>;

export function parseShellState(raw: unknown): ShellState {
  const record = typeof raw === 'object' && raw !== null ? raw : {};
  return shellStateSchema.parse({ windowBounds: null, ...record });
}
