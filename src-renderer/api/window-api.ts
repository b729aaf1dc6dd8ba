import { installWsBridge } from '../bridge/ws-bridge.ts';
import type { RendererApi } from './api.ts';

/**
 * Finds the bridge: the preload's `window.api` in Electron; in a browser (the headless host) the
 * WebSocket bridge. The bridge is part of the main bundle (2 kB) rather than a chunk loaded on demand:
 * loading it cost a second request after the bundle had run, and its socket could only start connecting
 * then, in front of every request of the first paint. In Electron it is bundled but never called.
 * `onLink` hears when the browser's socket to the host drops and comes back (Electron's IPC has no such
 * state).
 */
export function resolveApi(onLink: (up: boolean) => void): RendererApi {
  if ('api' in window && window.api) return window.api;
  return installWsBridge(onLink);
}
