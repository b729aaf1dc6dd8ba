import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { app } from 'electron';
import { DEEP_LINK_SCHEME } from './deep-link.ts';
import { autostartEntry, autostartPath } from './system/login-item.ts';
import { HIDDEN_FLAG } from './system/login-item.ts';
import { registerAppScheme } from './window/app-protocol.ts';

export const APP_NAME = 'BeatPass Messenger';
/** Same as electron-builder.yml's appId: Windows ties notifications and the taskbar to it. */
export const APP_ID = 'community.beatpass.messenger';

/** What must happen before `ready`: names, the user data folder, the sandbox and the app:// scheme. */
export function prepareProcess(): void {
  app.setName(APP_NAME);
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
  if (process.env.BEATPASS_USER_DATA) app.setPath('userData', process.env.BEATPASS_USER_DATA);
  // Every renderer sandboxed, whatever its webPreferences say (defence in depth).
  app.enableSandbox();
  registerAppScheme();
}

/**
 * One instance: a second launch hands its argv (deep link) to the first and exits. Returns false in the
 * second instance, which then quits. The first registers itself for `beatpass://` links.
 */
export function claimSingleInstance(): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  // The beatpass:// handler is the app's deep links, by design. Whatever arrives through it is parsed by
  // parseDeepLink() (one route, an id shape, nothing else) before anything acts on it.
  if (process.defaultApp && process.argv[1]) {
    app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, process.execPath, [process.argv[1]]); // eng-disable PROTOCOL_HANDLER_JS_CHECK
  } else {
    app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME); // eng-disable PROTOCOL_HANDLER_JS_CHECK
  }
  return true;
}

/** Start at login: the OS login item on macOS and Windows, an XDG autostart entry on Linux. */
export function applyLoginItem(enabled: boolean): void {
  if (process.platform === 'linux') {
    const file = autostartPath(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'));
    if (!enabled) return rmSync(file, { force: true });
    mkdirSync(dirname(file), { recursive: true });
    const exec = process.env.APPIMAGE ?? process.execPath;
    writeFileSync(file, autostartEntry(exec, app.isPackaged ? [] : [app.getAppPath()]));
    return;
  }
  app.setLoginItemSettings({ openAtLogin: enabled, args: [HIDDEN_FLAG] });
}
