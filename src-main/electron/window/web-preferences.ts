import type { WebPreferences } from 'electron';

/**
 * The main window's `webPreferences`, written once as one literal (docs/security.md) and
 * asserted field by field by tests/unit/electron/web-preferences.test.ts. Nothing else in the app creates
 * web contents. Change a value here only together with that test and docs/security.md.
 */
export function mainWindowWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    // The page and the preload live in separate JavaScript worlds; only `window.api` crosses.
    contextIsolation: true,
    // The renderer process runs in Chromium's OS sandbox; the preload gets no Node.
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: true,
    // A backgrounded window must still apply events promptly (typing, receipts) at low cost.
    backgroundThrottling: true,
  };
}
