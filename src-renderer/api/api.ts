import type { BeatpassApi } from '../../src-shared/bridge.ts';

/**
 * What the renderer needs from `window.api` (see `BeatpassApi`): typed requests that resolve to an
 * `IpcResponse` and never reject, and event subscriptions that return an unsubscribe function. The Electron
 * preload and the browser WebSocket bridge both provide it.
 */
export type RendererApi = BeatpassApi;
