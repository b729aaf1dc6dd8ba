import { dirname, join } from 'node:path';
import {
  app,
  globalShortcut,
  ipcMain,
  nativeImage,
  net,
  Notification,
  powerMonitor,
  session,
} from 'electron';
import { rendererCsp } from '../../src-shared/bridge.ts';
import type { Core } from '../core/core.ts';
import type { Router } from '../core/router.ts';
import { privateDir } from '../core/private-files.ts';
import { applyLoginItem } from './app-process.ts';
import type { appPaths } from './app-paths.ts';
import { openDeepLink } from './deep-link-inbox.ts';
import type { DeepLinkInbox } from './deep-link-inbox.ts';
import { DesktopShell } from './desktop-shell.ts';
import { forwardEvents, registerIpcAdapter } from './ipc/ipc-adapter.ts';
import { originOf } from './ipc/sender-check.ts';
import { electronNotificationFactory } from './notifications/electron-notifications.ts';
import { safeStorageEncryptor } from './settings/electron-encryptor.ts';
import { ElectronSettingsStore, ShellStateStore } from './settings/electron-settings-store.ts';
import { EncryptedSessionStore } from './settings/encrypted-session-store.ts';
import { forwardConnectivity } from './system/connectivity.ts';
import { GlobalHotkey } from './system/global-hotkey.ts';
import { electronTrayFactory, loadIcon } from './tray/electron-tray.ts';
import { SystemTrayService } from './tray/system-tray-service.ts';
import { bindTray } from './tray/tray-binding.ts';
import { traySourceFor } from './tray/core-tray-source.ts';
import { dndRequest, isDoNotDisturbOn } from './tray/tray-state.ts';
import { APP_ORIGIN, APP_START_URL, handleAppProtocol } from './window/app-protocol.ts';
import { MainWindow } from './window/main-window.ts';

/**
 * The parts of the desktop app, one builder each. `app.ts` calls them in dependency order and passes each
 * exactly what it needs; none reaches for a part built after it. Every part that holds OS resources
 * returns its `dispose`.
 */

export type AppPaths = ReturnType<typeof appPaths>;
export type Dispose = () => void;

/** Where the page comes from: the app:// protocol (with our CSP), or the Vite dev server when unpackaged. */
export interface RendererSource {
  startUrl: string;
  allowedOrigins: readonly string[];
}

export function serveRendererPage(paths: AppPaths): RendererSource {
  const devUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
  if (!devUrl) {
    handleAppProtocol(paths.renderer);
    return { startUrl: APP_START_URL, allowedOrigins: [APP_ORIGIN] };
  }
  // Vite's dev server sends no CSP of its own: add the (dev-relaxed) one.
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [rendererCsp({ dev: true })],
      },
    });
  });
  const devOrigin = originOf(devUrl);
  return { startUrl: devUrl, allowedOrigins: devOrigin ? [APP_ORIGIN, devOrigin] : [APP_ORIGIN] };
}

/** Settings (electron-store), tokens (safeStorage) and window state, all in the user data folder. */
export interface AppStores {
  settings: ElectronSettingsStore;
  sessions: EncryptedSessionStore;
  shellState: ShellStateStore;
}

export async function openStores(userData: string): Promise<AppStores> {
  // Everything in it (tokens, settings, the cache) is the owner's only.
  privateDir(userData);
  return {
    sessions: await EncryptedSessionStore.open(
      join(userData, 'session.bin'),
      safeStorageEncryptor(process.platform),
      (error) => console.error('session store:', error),
    ),
    settings: new ElectronSettingsStore({ cwd: userData, platform: process.platform }),
    shellState: new ShellStateStore(userData),
  };
}

/** Whether a quit is under way (then closing the window really closes it instead of hiding to the tray). */
export interface Lifecycle {
  quitting: boolean;
}

export function createMainWindow(
  paths: AppPaths,
  renderer: RendererSource,
  stores: AppStores,
  lifecycle: Lifecycle,
): MainWindow {
  return new MainWindow({
    preloadPath: paths.preload,
    startUrl: renderer.startUrl,
    icon: appIcon(paths),
    savedBounds: stores.shellState.load().windowBounds,
    saveBounds: (bounds) => stores.shellState.update({ windowBounds: bounds }),
    // Read from the store: the window closes rarely, and it needs no core to decide.
    closeToTray: () => stores.settings.load().closeToTray,
    quitting: () => lifecycle.quitting,
  });
}

function appIcon(paths: AppPaths) {
  return process.platform === 'linux' ? loadIcon(dirname(paths.appIcon), '256x256') : undefined;
}

export function createDesktopShell(paths: AppPaths, window: MainWindow): DesktopShell {
  return new DesktopShell({
    notificationFactory: Notification.isSupported()
      ? electronNotificationFactory(appIcon(paths))
      : () => ({ show: () => {}, close: () => {} }),
    badge: {
      platform: process.platform,
      setAppBadge: (count) => void app.setBadgeCount(count),
      setOverlay: (name, description) =>
        window.setOverlay(
          name === null ? null : nativeImage.createFromPath(join(paths.overlayIcons, `${name}.png`)),
          description,
        ),
      flashFrame: (on) => window.flash(on),
    },
    window,
  });
}

/** What the shell and the window tell the core: notification clicks and replies, focus changes. */
export function connectShellToCore(
  shell: DesktopShell,
  window: MainWindow,
  core: Core,
  router: Router,
): Dispose {
  shell.bind({
    notificationClicked: (tag) => core.notificationClicked(tag),
    reply: (conversationId, body) => void router.handle('messages.send', { conversationId, body }),
    // Inline replies are a macOS feature; only into conversations that accept messages now.
    canReply: (conversationId) =>
      process.platform === 'darwin' &&
      core.cache.conversations.get(conversationId)?.conversation.status === 'accepted',
    shouldFlash: () => {
      const settings = core.settings.get();
      return settings.flashFrame && !isDoNotDisturbOn(settings, Date.now());
    },
  });
  return window.onFocusChange((focused) => {
    core.focusChanged(focused);
    if (focused) shell.badge.focused();
  });
}

/**
 * The IPC contract for the window: ipcMain (sender-checked) → router, and the core's events → the page.
 * The page's first call means it listens: held deep links are delivered then.
 */
export function openBridge(
  window: MainWindow,
  core: Core,
  router: Router,
  renderer: RendererSource,
  links: DeepLinkInbox,
): Dispose {
  let pageReady = false;
  const unregister = registerIpcAdapter({
    ipcMain,
    router: {
      handle: (channel, payload) => {
        if (!pageReady) {
          pageReady = true;
          queueMicrotask(() => links.deliverTo((link) => openDeepLink(link, window, core)));
        }
        return router.handle(channel, payload);
      },
    },
    window: () => window.trusted(),
    allowedOrigins: renderer.allowedOrigins,
    onRefused: (reason, channel) => console.warn(`IPC call refused (${reason}):`, String(channel)),
  });
  const stopForwarding = forwardEvents(core.events, () => window.browserWindow?.webContents ?? null);
  return () => {
    stopForwarding();
    unregister();
  };
}

export function createTray(
  paths: AppPaths,
  window: MainWindow,
  core: Core,
  router: Router,
  links: DeepLinkInbox,
): Dispose {
  const tray = new SystemTrayService(electronTrayFactory(paths.trayIcons), {
    toggleWindow: () => window.toggle(),
    showWindow: () => window.showAndFocus(),
    openConversation: (conversationId) => links.receive({ kind: 'conversation', conversationId }),
    setDoNotDisturb: (choice) => void router.handle('settings.doNotDisturb', dndRequest(choice, Date.now())),
    setStartAtLogin: (enabled) => void router.handle('settings.set', { startAtLogin: enabled }),
    quit: () => app.quit(),
  });
  const unbind = bindTray((patch) => tray.update(patch), traySourceFor(core));
  return () => {
    unbind();
    tray.dispose();
  };
}

/** Settings that live outside the window: the global hotkey and start at login, applied as they change. */
export function applySystemSettings(window: MainWindow, core: Core): Dispose {
  const hotkey = new GlobalHotkey(globalShortcut, () => {
    if (window.toggle() === 'shown') core.push('navigate.quickSwitcher', {});
  });
  let applied = core.settings.get();
  const apply = (first: boolean) => {
    const settings = core.settings.get();
    const status = hotkey.apply(settings.globalHotkey);
    if (status.state === 'failed')
      console.warn(`Global hotkey ${status.accelerator} not registered: ${status.reason}`);
    if (first || settings.startAtLogin !== applied.startAtLogin) applyLoginItem(settings.startAtLogin);
    applied = settings;
  };
  apply(true);
  const unsubscribe = core.events.subscribe((name) => {
    if (name === 'settings.changed') apply(false);
  });
  return () => {
    unsubscribe();
    hotkey.dispose();
    globalShortcut.unregisterAll();
  };
}

/** Wake from sleep and network-back signals, so the core reconnects at once. */
export function watchConnectivity(core: Core): Dispose {
  return forwardConnectivity(
    {
      onResume: (listener) => powerMonitor.on('resume', listener),
      isOnline: () => net.isOnline(),
      every: (ms, tick) => {
        const timer = setInterval(tick, ms);
        return () => clearInterval(timer);
      },
    },
    core,
  );
}
