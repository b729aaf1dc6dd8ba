import { join } from 'node:path';

/**
 * Where the built pieces are, relative to the built main bundle (`out/main/index.js`), which is the same
 * layout in the repository and inside the packaged app.asar.
 */
export function appPaths(mainDir: string) {
  const root = join(mainDir, '..', '..');
  return {
    preload: join(mainDir, '..', 'preload', 'index.cjs'),
    renderer: join(mainDir, '..', 'renderer'),
    trayIcons: join(root, 'resources', 'tray'),
    overlayIcons: join(root, 'resources', 'overlay'),
    appIcon: join(root, 'resources', 'icons', '256x256.png'),
  };
}

/** The server the app talks to: BEATPASS_SERVER_URL, else the local embedded server's default address. */
export const DEFAULT_SERVER_URL = 'http://127.0.0.1:8787';
