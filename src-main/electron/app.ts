import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
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
import { createCore } from '../core/core.ts';
import type { Core } from '../core/core.ts';
import { createRouter } from '../core/router.ts';
import { appPaths, DEFAULT_SERVER_URL } from './app-paths.ts';
import { findDeepLink, parseDeepLink } from './deep-link.ts';
import type { DeepLink } from './deep-link.ts';
import { DesktopShell } from './desktop-shell.ts';
import { forwardEvents, registerIpcAdapter } from './ipc/ipc-adapter.ts';
import { originOf } from './ipc/sender-check.ts';
import { electronNotificationFactory } from './notifications/electron-notifications.ts';
import { EncryptedSessionStore } from './settings/encrypted-session-store.ts';
import { safeStorageEncryptor } from './settings/electron-encryptor.ts';
import { ElectronSettingsStore, ShellStateStore } from './settings/electron-settings-store.ts';
import { forwardConnectivity } from './system/connectivity.ts';
import { GlobalHotkey } from './system/global-hotkey.ts';
import { autostartEntry, autostartPath, HIDDEN_FLAG } from './system/login-item.ts';
import { electronTrayFactory, loadIcon } from './tray/electron-tray.ts';
import { SystemTrayService } from './tray/system-tray-service.ts';
import { bindTray } from './tray/tray-binding.ts';
import { dndRequest, isDoNotDisturbOn } from './tray/tray-state.ts';
import { APP_ORIGIN, APP_START_URL, handleAppProtocol, registerAppScheme } from './window/app-protocol.ts';
import { MainWindow } from './window/main-window.ts';
import { DEEP_LINK_SCHEME } from './deep-link.ts';

const APP_NAME = 'BeatPass Messenger';
/** Same as electron-builder.yml's appId: Windows ties notifications and the taskbar to it. */
const APP_ID = 'community.beatpass.messenger';
/** Start at login: the OS login item on macOS and Windows, an XDG autostart entry on Linux. */
function applyLoginItem(enabled: boolean): void {
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

export async function startDesktopApp(): Promise<void> {
  app.setName(APP_NAME);
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
  if (process.env.BEATPASS_USER_DATA) app.setPath('userData', process.env.BEATPASS_USER_DATA);
  // Every renderer sandboxed, whatever its webPreferences say (defence in depth).
  app.enableSandbox();
  registerAppScheme();

  // One instance: a second launch hands its deep link to the first and exits.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  if (process.defaultApp && process.argv[1]) {
    app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, process.execPath, [process.argv[1]]);
  } else {
    app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);
  }

  let core: Core | null = null;
  let pendingLink: DeepLink | null = findDeepLink(process.argv);
  let quitting = false;
  const window: { current: MainWindow | null } = { current: null };

  const openLink = (link: DeepLink) => {
    if (!core || !window.current) {
      pendingLink = link;
      return;
    }
    window.current.showAndFocus();
    if (link.kind === 'conversation')
      core.push('navigate.conversation', { conversationId: link.conversationId });
  };
  // macOS delivers links as events (possibly before ready); Windows and Linux as a second instance's argv.
  app.on('open-url', (event, url) => {
    event.preventDefault();
    const link = parseDeepLink(url);
    if (link) openLink(link);
  });
  app.on('second-instance', (_event, argv) => {
    const link = findDeepLink(argv);
    if (link) openLink(link);
    else window.current?.showAndFocus();
  });

  await app.whenReady();

  const paths = appPaths(import.meta.dirname);
  const devUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
  const devOrigin = devUrl ? originOf(devUrl) : null;
  if (devUrl) {
    // Vite's dev server sends no CSP of its own: add the (dev-relaxed) one.
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      callback({
        responseHeaders: {
          ...details.responseHeaders,
          'Content-Security-Policy': [rendererCsp({ dev: true })],
        },
      });
    });
  } else {
    handleAppProtocol(paths.renderer);
  }

  const userData = app.getPath('userData');
  const sessions = await EncryptedSessionStore.open(
    join(userData, 'session.bin'),
    safeStorageEncryptor(process.platform),
    (error) => console.error('session store:', error),
  );
  const settingsStore = new ElectronSettingsStore({ cwd: userData, platform: process.platform });
  const shellState = new ShellStateStore(userData);
  const appIcon = process.platform === 'linux' ? loadIcon(dirname(paths.appIcon), '256x256') : undefined;

  const mainWindow = new MainWindow({
    preloadPath: paths.preload,
    startUrl: devUrl ?? APP_START_URL,
    icon: appIcon,
    savedBounds: shellState.load().windowBounds,
    saveBounds: (bounds) => shellState.update({ windowBounds: bounds }),
    closeToTray: () => core?.settings.get().closeToTray ?? true,
    quitting: () => quitting,
    onFocusChange: (focused) => {
      core?.focusChanged(focused);
      if (focused) shell.badge.focused();
    },
  });
  window.current = mainWindow;

  const shell = new DesktopShell({
    notificationFactory: Notification.isSupported()
      ? electronNotificationFactory(appIcon)
      : () => ({ show: () => {}, close: () => {} }),
    badge: {
      platform: process.platform,
      setAppBadge: (count) => void app.setBadgeCount(count),
      setOverlay: (name, description) =>
        mainWindow.setOverlay(
          name === null ? null : nativeImage.createFromPath(join(paths.overlayIcons, `${name}.png`)),
          description,
        ),
      setTrayCount: () => {
        // The tray follows `badge.changed` through its binding; nothing extra here.
      },
      flashFrame: (on) => mainWindow.flash(on),
      shouldFlash: () =>
        core !== null && core.settings.get().flashFrame && !isDoNotDisturbOn(core.settings.get(), Date.now()),
    },
    window: mainWindow,
    callbacks: () => ({
      notificationClicked: (tag) => core?.notificationClicked(tag),
      reply: (conversationId, body) => void router.handle('messages.send', { conversationId, body }),
      // Inline replies are a macOS feature; only into conversations that accept messages now.
      canReply: (conversationId) =>
        process.platform === 'darwin' &&
        core?.cache.conversations.get(conversationId)?.conversation.status === 'accepted',
    }),
  });

  core = createCore({
    dataDir: join(userData, 'data'),
    serverUrl: process.env.BEATPASS_SERVER_URL ?? DEFAULT_SERVER_URL,
    shell,
    settings: settingsStore,
    sessions,
    clientInfo: { name: 'beatpass-desktop', version: app.getVersion() },
  });
  const liveCore = core;
  const router = createRouter(liveCore);

  // Deliver a deep link or notification target once the page is listening (its first call).
  let pageReady = false;
  registerIpcAdapter({
    ipcMain,
    router: {
      handle: (channel, payload) => {
        if (!pageReady) {
          pageReady = true;
          queueMicrotask(() => {
            const link = pendingLink;
            pendingLink = null;
            if (link) openLink(link);
          });
        }
        return router.handle(channel, payload);
      },
    },
    window: () => mainWindow.trusted(),
    allowedOrigins: devOrigin ? [APP_ORIGIN, devOrigin] : [APP_ORIGIN],
    onRefused: (reason, channel) => console.warn(`IPC call refused (${reason}):`, String(channel)),
  });
  forwardEvents(liveCore.events, () => mainWindow.browserWindow?.webContents ?? null);

  const tray = new SystemTrayService(electronTrayFactory(paths.trayIcons), {
    toggleWindow: () => mainWindow.toggle(),
    showWindow: () => mainWindow.showAndFocus(),
    openConversation: (conversationId) => openLink({ kind: 'conversation', conversationId }),
    setDoNotDisturb: (choice) => void router.handle('settings.doNotDisturb', dndRequest(choice, Date.now())),
    setStartAtLogin: (enabled) => void router.handle('settings.set', { startAtLogin: enabled }),
    quit: () => app.quit(),
  });
  bindTray((patch) => tray.update(patch), {
    subscribe: (listener) => liveCore.events.subscribe(listener),
    me: () => liveCore.me,
    settings: () => liveCore.settings.get(),
    conversations: () => liveCore.conversations.list(),
    badgeCount: () => liveCore.badgeCount(),
    now: () => liveCore.clock.now(),
    at: (time, callback) => {
      const timer = setTimeout(callback, Math.max(0, time - Date.now()));
      return () => clearTimeout(timer);
    },
  });

  const hotkey = new GlobalHotkey(globalShortcut, () => {
    if (mainWindow.toggle() === 'shown') liveCore.push('navigate.quickSwitcher', {});
  });
  let applied = liveCore.settings.get();
  const applySettings = (first: boolean) => {
    const settings = liveCore.settings.get();
    const status = hotkey.apply(settings.globalHotkey);
    if (status.state === 'failed')
      console.warn(`Global hotkey ${status.accelerator} not registered: ${status.reason}`);
    if (first || settings.startAtLogin !== applied.startAtLogin) applyLoginItem(settings.startAtLogin);
    applied = settings;
  };
  applySettings(true);
  liveCore.events.subscribe((name) => {
    if (name === 'settings.changed') applySettings(false);
  });

  const stopConnectivity = forwardConnectivity(
    {
      onResume: (listener) => powerMonitor.on('resume', listener),
      isOnline: () => net.isOnline(),
      every: (ms, tick) => {
        const timer = setInterval(tick, ms);
        return () => clearInterval(timer);
      },
    },
    liveCore,
  );

  liveCore.start();
  await demoSignIn(liveCore, router);

  const startHidden = process.argv.includes(HIDDEN_FLAG) || liveCore.settings.get().startMinimized;
  mainWindow.create(!startHidden);

  app.on('activate', () => mainWindow.showAndFocus());
  // The tray keeps the app alive with no window; quitting is explicit (tray, menu, OS).
  app.on('window-all-closed', () => {
    if (!liveCore.settings.get().closeToTray && process.platform !== 'darwin') app.quit();
  });
  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('will-quit', (event) => {
    // Second pass (after the flush below): let the quit proceed.
    if (core === null) return;
    event.preventDefault();
    hotkey.dispose();
    globalShortcut.unregisterAll();
    stopConnectivity();
    tray.dispose();
    shell.notifications.removeAll();
    liveCore.close();
    core = null;
    void sessions.flush().finally(() => app.exit(0));
  });
}

/**
 * `npm start` signs in as the demo user: scripts/start.ts passes the demo credentials for the local demo
 * server in the environment. Only when nobody is signed in; the variables are dropped after use.
 */
async function demoSignIn(core: Core, router: ReturnType<typeof createRouter>): Promise<void> {
  const username = process.env.BEATPASS_SIGN_IN_USERNAME;
  const password = process.env.BEATPASS_SIGN_IN_PASSWORD;
  delete process.env.BEATPASS_SIGN_IN_USERNAME;
  delete process.env.BEATPASS_SIGN_IN_PASSWORD;
  if (!username || !password || core.me) return;
  const response = await router.handle('session.signIn', { username, password });
  if (!response.ok) console.warn(`Demo sign-in failed: ${response.error.message}`);
}
