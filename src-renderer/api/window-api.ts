import type { RendererApi } from './api.ts';

/**
 * Finds the bridge: the preload's `window.api` in Electron; in a browser (the headless host) the
 * WebSocket bridge is loaded on demand, so the Electron bundle never runs it.
 */
export async function resolveApi(): Promise<RendererApi> {
  if ('api' in window && window.api) return window.api;
  const { installWsBridge } = await import('../bridge/ws-bridge.ts');
  return installWsBridge();
}
