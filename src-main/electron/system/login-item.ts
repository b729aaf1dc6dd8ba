import { join } from 'node:path';

/**
 * "Start at login". macOS and Windows have `app.setLoginItemSettings`; on Linux the XDG autostart folder
 * holds a .desktop entry instead. The launch passes `--hidden`, so a login start stays in the tray.
 */
export const HIDDEN_FLAG = '--hidden';
export const AUTOSTART_FILE = 'beatpass-messenger.desktop';

export function autostartPath(configHome: string): string {
  return join(configHome, 'autostart', AUTOSTART_FILE);
}

/** The XDG autostart entry (Exec quoted per the Desktop Entry spec). */
export function autostartEntry(execPath: string, args: readonly string[]): string {
  const quote = (value: string) => `"${value.replace(/(["`$\\])/g, '\\$1')}"`;
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=BeatPass Messenger',
    `Exec=${[execPath, ...args, HIDDEN_FLAG].map(quote).join(' ')}`,
    'X-GNOME-Autostart-enabled=true',
    'Terminal=false',
    '',
  ].join('\n');
}
