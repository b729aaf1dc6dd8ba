import { join } from 'node:path';
import { app } from 'electron';
import { createCore } from '../core/core.ts';
import type { Core } from '../core/core.ts';
import { createRouter } from '../core/router.ts';
import { UnexpectedErrors } from '../core/unexpected.ts';
import type { Router } from '../core/router.ts';
import {
  applySystemSettings,
  connectShellToCore,
  createDesktopShell,
  createMainWindow,
  createTray,
  openBridge,
  openStores,
  serveRendererPage,
  watchConnectivity,
} from './app-parts.ts';
import type { AppStores, Dispose, Lifecycle } from './app-parts.ts';
import { appPaths, DEFAULT_SERVER_URL } from './app-paths.ts';
import { claimSingleInstance, prepareProcess } from './app-process.ts';
import { DeepLinkInbox } from './deep-link-inbox.ts';
import { findDeepLink, parseDeepLink } from './deep-link.ts';
import { HIDDEN_FLAG } from './system/login-item.ts';
import type { MainWindow } from './window/main-window.ts';

/**
 * The desktop app's composition root. Each step builds one named part from the parts before it (see
 * `app-parts.ts`); the order below is the dependency order, and nothing refers to a part built later.
 */
export async function startDesktopApp(unexpected = new UnexpectedErrors()): Promise<void> {
  prepareProcess();
  if (!claimSingleInstance()) return;
  const links = listenForDeepLinks();
  await app.whenReady();

  const paths = appPaths(import.meta.dirname);
  const renderer = serveRendererPage(paths);
  const stores = await openStores(app.getPath('userData'));
  const lifecycle: Lifecycle = { quitting: false };
  const window = createMainWindow(paths, renderer, stores, lifecycle);
  const shell = createDesktopShell(paths, window);
  const core = createCore({
    dataDir: join(app.getPath('userData'), 'data'),
    serverUrl: process.env.BEATPASS_SERVER_URL ?? DEFAULT_SERVER_URL,
    // `npm start` runs the embedded server on this computer and says so.
    serverIsEmbedded: process.env.BEATPASS_SERVER_EMBEDDED === '1',
    shell,
    unexpected,
    settings: stores.settings,
    sessions: stores.sessions,
    clientInfo: { name: 'beatpass-desktop', version: app.getVersion() },
  });
  const router = createRouter(core);
  // Torn down in reverse order at quit.
  const parts: Dispose[] = [
    connectShellToCore(shell, window, core, router),
    openBridge(window, core, router, renderer, links),
    createTray(paths, window, core, router, links),
    applySystemSettings(window, core),
    watchConnectivity(core),
    () => shell.notifications.removeAll(),
  ];

  core.start();
  await demoSignIn(core, router);
  window.create(!(process.argv.includes(HIDDEN_FLAG) || core.settings.get().startMinimized));
  handleLifecycle({ window, core, stores, lifecycle, parts });
}

/** `beatpass://` links: our own argv at launch, `open-url` on macOS, a second instance's argv elsewhere. */
function listenForDeepLinks(): DeepLinkInbox {
  const links = new DeepLinkInbox(findDeepLink(process.argv));
  app.on('open-url', (event, url) => {
    event.preventDefault();
    const link = parseDeepLink(url);
    if (link) links.receive(link);
  });
  // A second launch without a link just brings the app forward.
  app.on('second-instance', (_event, argv) => links.receive(findDeepLink(argv) ?? { kind: 'messages' }));
  return links;
}

/**
 * The tray keeps the app alive with no window; quitting is explicit (tray, menu, OS). At quit the parts
 * are disposed, the core closed and the encrypted session flushed before the process exits.
 */
function handleLifecycle(running: {
  window: MainWindow;
  core: Core;
  stores: AppStores;
  lifecycle: Lifecycle;
  parts: Dispose[];
}): void {
  const { window, core, stores, lifecycle, parts } = running;
  app.on('activate', () => window.showAndFocus());
  app.on('window-all-closed', () => {
    if (!core.settings.get().closeToTray && process.platform !== 'darwin') app.quit();
  });
  app.on('before-quit', () => {
    lifecycle.quitting = true;
  });
  let closed = false;
  app.on('will-quit', (event) => {
    // Second pass (after the flush below): let the quit proceed.
    if (closed) return;
    closed = true;
    event.preventDefault();
    for (const dispose of parts.reverse()) dispose();
    core.close();
    void stores.sessions.flush().finally(() => app.exit(0));
  });
}

/**
 * `npm start` signs in as the demo user: scripts/start.ts passes the demo credentials for the local demo
 * server in the environment. Only when nobody is signed in; the variables are dropped after use.
 */
async function demoSignIn(core: Core, router: Router): Promise<void> {
  const username = process.env.BEATPASS_SIGN_IN_USERNAME;
  const password = process.env.BEATPASS_SIGN_IN_PASSWORD;
  delete process.env.BEATPASS_SIGN_IN_USERNAME;
  delete process.env.BEATPASS_SIGN_IN_PASSWORD;
  if (!username || !password || core.me) return;
  const response = await router.handle('session.signIn', { username, password });
  if (!response.ok) console.warn(`Demo sign-in failed: ${response.error.message}`);
}
