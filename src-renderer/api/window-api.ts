import type { RendererApi } from './api.ts';

/**
 * Finds the bridge: the preload's `window.api` in Electron; in a browser (the headless host) the
 * WebSocket bridge is loaded on demand, so the Electron bundle never runs it. `onLink` hears when the
 * browser's socket to the host drops and comes back (Electron's IPC has no such state).
 */
export async function resolveApi(onLink: (up: boolean) => void): Promise<RendererApi> {
  if ('api' in window && window.api) return window.api;
  const { installWsBridge } = await import('../bridge/ws-bridge.ts');
  return installWsBridge(onLink);
}
