import { createEventHub, HEADLESS_BRIDGE_PATH, HEADLESS_SECRET_PARAM } from '../../src-shared/bridge.ts';
import type { BeatpassApi, WsHostFrame, WsRequestFrame } from '../../src-shared/bridge.ts';
import type { IpcResponse } from '../../src-shared/ipc.ts';

/**
 * `window.api` in a browser (the headless host, `npm run web`): the same `BeatpassApi` the Electron
 * preload exposes, carried over the host's local WebSocket, so components cannot tell the difference.
 *
 * The page URL carries the host's per-launch secret (`?secret=`). It is moved to sessionStorage and taken
 * out of the address bar at once (not left on screen or in history), and survives a reload of this tab.
 * While the socket is down requests wait for it; when it drops, requests in flight resolve with
 * DISCONNECTED and it reconnects with a capped backoff (events resume on the new socket).
 */
const STORAGE_KEY = 'beatpass.headless.secret';
const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 5_000;

type Pending = { resolve: (response: IpcResponse) => void };

/** The secret in the page's address, if it is there (a fresh launch), else the one kept by this tab. */
function findSecret(): { secret: string | null; inAddress: boolean } {
  const fromUrl = new URL(window.location.href).searchParams.get(HEADLESS_SECRET_PARAM);
  if (fromUrl) return { secret: fromUrl, inAddress: true };
  return { secret: window.sessionStorage.getItem(STORAGE_KEY), inAddress: false };
}

/** Keeps the secret for a reload of this tab and takes it out of the address bar and history. */
function moveSecretOutOfAddress(secret: string): void {
  window.sessionStorage.setItem(STORAGE_KEY, secret);
  const url = new URL(window.location.href);
  url.searchParams.delete(HEADLESS_SECRET_PARAM);
  window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
}

function isHostFrame(value: unknown): value is WsHostFrame {
  if (typeof value !== 'object' || value === null) return false;
  const frame = value as { type?: unknown; id?: unknown; event?: unknown; response?: unknown };
  if (frame.type === 'response')
    return typeof frame.id === 'number' && typeof frame.response === 'object' && frame.response !== null;
  if (frame.type === 'event') return typeof frame.event === 'object' && frame.event !== null;
  return false;
}

/** Told whenever the socket to the host opens (true) or drops (false): the UI shows an unreachable core. */
export type LinkListener = (up: boolean) => void;

export function createWsBridge(onLink: LinkListener = () => {}): BeatpassApi {
  const { secret, inAddress } = findSecret();
  const hub = createEventHub();
  const pending = new Map<number, Pending>();
  /** Requests written while the socket was down, sent when it opens. */
  const queue: { id: number; data: string }[] = [];
  let nextId = 1;
  let socket: WebSocket | null = null;
  let retryMs = RETRY_MIN_MS;

  const dispatch = (frame: WsHostFrame) => {
    if (frame.type === 'response') {
      pending.get(frame.id)?.resolve(frame.response);
      pending.delete(frame.id);
      return;
    }
    hub.emit(frame.event);
  };

  const connect = () => {
    const url = new URL(HEADLESS_BRIDGE_PATH, window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.search = '';
    if (secret) url.searchParams.set(HEADLESS_SECRET_PARAM, secret);
    const ws = new WebSocket(url);
    socket = ws;
    ws.addEventListener('open', () => {
      retryMs = RETRY_MIN_MS;
      onLink(true);
      for (const request of queue.splice(0)) ws.send(request.data);
    });
    ws.addEventListener('message', (message) => {
      if (typeof message.data !== 'string') return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(message.data);
      } catch {
        return;
      }
      if (isHostFrame(parsed)) dispatch(parsed);
    });
    ws.addEventListener('close', () => {
      socket = null;
      onLink(false);
      // Requests in flight may or may not have run: the caller decides (sends are idempotent by client id).
      for (const [id, request] of pending) {
        if (queue.some((queued) => queued.id === id)) continue;
        request.resolve({
          ok: false,
          error: { code: 'DISCONNECTED', message: 'The connection to the app host dropped.' },
        });
        pending.delete(id);
      }
      window.setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
    });
  };
  connect();
  // Still in the same task, but after the socket has started connecting: a page's first sessionStorage
  // access and replaceState are calls into the browser (26–42 ms of the entry's run in a profile of
  // start-up on a loaded machine), and the handshake need not wait for them.
  if (secret && inAddress) moveSecretOutOfAddress(secret);

  return {
    invoke(channel, payload) {
      const id = nextId++;
      const frame: WsRequestFrame = { type: 'request', id, channel, payload };
      const data = JSON.stringify(frame);
      return new Promise((resolve) => {
        pending.set(id, { resolve: resolve as Pending['resolve'] });
        if (socket && socket.readyState === WebSocket.OPEN) socket.send(data);
        else queue.push({ id, data });
      });
    },
    on: hub.on,
  };
}

/** Gives the page `window.api` over the WebSocket, unless a preload already did (the desktop app). */
export function installWsBridge(onLink?: LinkListener): BeatpassApi {
  if ('api' in window && window.api) return window.api;
  const api = createWsBridge(onLink);
  Object.defineProperty(window, 'api', {
    value: api,
    writable: false,
    configurable: false,
    enumerable: true,
  });
  return api;
}
