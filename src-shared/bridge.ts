import type { IpcChannel, IpcEventName, IpcEventPayload, IpcPayload, IpcResponse } from './ipc.ts';

/**
 * `window.api`: the IPC contract of `src-shared/ipc.ts` as the renderer sees it. The Electron preload
 * implements it over `ipcRenderer`; in a browser, `src-renderer/bridge/ws-bridge.ts` implements it over the
 * headless host's local WebSocket. Components use only this type, so they cannot tell which is which.
 *
 * This file holds types and transport constants only (no zod): the sandboxed preload bundles it.
 */
export interface BeatpassApi {
  /**
   * Sends one request. Resolves with the router's answer and never rejects: a bad payload, an unknown
   * channel, a refused sender or a lost transport all come back as `{ ok: false, error }`.
   */
  invoke<C extends IpcChannel>(channel: C, payload: IpcPayload<C>): Promise<IpcResponse<C>>;
  /** Subscribes to one event main pushes; returns the function that unsubscribes. */
  on<E extends IpcEventName>(event: E, listener: (payload: IpcEventPayload<E>) => void): () => void;
}

/** One pushed event as it travels over either transport. */
export type BridgeEvent = { [E in IpcEventName]: { name: E; payload: IpcEventPayload<E> } }[IpcEventName];

/**
 * The subscriber lists behind `BeatpassApi.on`, shared by both transports: each pushed event goes to its
 * listeners in turn, and one listener that throws does not starve the others.
 */
export function createEventHub(): { on: BeatpassApi['on']; emit(event: BridgeEvent): void } {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  return {
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const entry = listener as (payload: unknown) => void;
      set.add(entry);
      return () => {
        set.delete(entry);
      };
    },
    emit(event) {
      for (const listener of [...(listeners.get(event.name) ?? [])]) {
        try {
          listener(event.payload);
        } catch (error) {
          console.error(`window.api listener for ${event.name} failed`, error);
        }
      }
    },
  };
}

/** Electron transport: the one `ipcMain.handle` channel for requests (args: contract channel, payload). */
export const ELECTRON_INVOKE_CHANNEL = 'beatpass:invoke';
/** Electron transport: the one `webContents.send` channel for pushed events (arg: `BridgeEvent`). */
export const ELECTRON_EVENT_CHANNEL = 'beatpass:event';

/** Headless transport: the WebSocket path on the host; the per-launch secret goes in `?secret=`. */
export const HEADLESS_BRIDGE_PATH = '/bridge';
/** Headless transport: the query parameter of the page URL and the WebSocket URL carrying the secret. */
export const HEADLESS_SECRET_PARAM = 'secret';

/**
 * Headless transport: how the host closes a bridge socket that sent something it will not read. Only that
 * socket closes; the host and its other pages carry on.
 */
export const HEADLESS_CLOSE_CODES = {
  /** A binary frame (the bridge speaks JSON text only). */
  binaryFrame: 1003,
  /** Text that is not valid UTF-8 (closed by the WebSocket library itself). */
  invalidUtf8: 1007,
  /** A frame over `HEADLESS_FRAME_MAX_BYTES` (closed by the WebSocket library itself). */
  frameTooLarge: 1009,
  /** Text that is not JSON, or JSON that is not a request frame. */
  badFrame: 4400,
} as const;

/** The largest frame the host reads from a page: more than any request of the contract. */
export const HEADLESS_FRAME_MAX_BYTES = 256 * 1024;

/** Requests one page may have in flight at once; more are answered RATE_LIMITED without running. */
export const HEADLESS_MAX_IN_FLIGHT = 64;

/** The `core.status` event a transport emits by itself when main stops or starts answering. */
export function coreStatusEvent(reachable: boolean, reason: string | null): BridgeEvent {
  return { name: 'core.status', payload: { reachable, reason } };
}

/** Headless transport frames, browser → host. */
export interface WsRequestFrame {
  type: 'request';
  id: number;
  channel: string;
  payload: unknown;
}

/** Headless transport frames, host → browser. */
export type WsHostFrame =
  { type: 'response'; id: number; response: IpcResponse } | { type: 'event'; event: BridgeEvent };

/**
 * The renderer's Content-Security-Policy, the same for both hosts: only our own scripts, styles, fonts
 * and images (no remote content, no inline script, no eval), no plugins, frames, forms or base-URI tricks.
 * `connect` lists what the page may open connections to: nothing in Electron (main does all networking),
 * the host's own WebSocket in a browser. `dev` relaxes it for Vite's dev server (HMR), never in a build.
 */
export function rendererCsp(options: { connect?: readonly string[]; dev?: boolean } = {}): string {
  const connect = options.connect && options.connect.length > 0 ? options.connect.join(' ') : "'none'";
  const directives: Record<string, string> = {
    'default-src': "'none'",
    'script-src': options.dev ? "'self' 'unsafe-inline'" : "'self'",
    'style-src': options.dev ? "'self' 'unsafe-inline'" : "'self'",
    'img-src': "'self' data: blob:",
    'font-src': "'self'",
    'media-src': "'self'",
    'connect-src': options.dev ? `${connect === "'none'" ? '' : `${connect} `}'self' ws:`.trim() : connect,
    'object-src': "'none'",
    'frame-src': "'none'",
    'worker-src': "'none'",
    'child-src': "'none'",
    'manifest-src': "'none'",
    'base-uri': "'none'",
    'form-action': "'none'",
    'frame-ancestors': "'none'",
  };
  return Object.entries(directives)
    .map(([name, value]) => `${name} ${value}`)
    .join('; ');
}

/** The file types a renderer host serves, by extension; anything else is not served. */
export const RENDERER_CONTENT_TYPES: Readonly<Record<string, string>> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json',
  svg: 'image/svg+xml',
  png: 'image/png',
  ico: 'image/x-icon',
  webp: 'image/webp',
  woff2: 'font/woff2',
  woff: 'font/woff',
  txt: 'text/plain; charset=utf-8',
};

/**
 * The built renderer's file a URL path names, relative to the build folder (`/` is index.html), with its
 * content type; null for anything that could leave the folder (`..` or `.` segments, encoded or not,
 * backslashes, NUL) or a type not served. Both hosts (Electron's app:// protocol and the headless HTTP
 * server) serve files only through this check.
 */
export function rendererAsset(urlPathname: string): { path: string; contentType: string } | null {
  let pathname: string;
  try {
    pathname = decodeURIComponent(urlPathname);
  } catch {
    return null;
  }
  if (pathname === '' || pathname === '/') pathname = '/index.html';
  if (!pathname.startsWith('/') || pathname.includes('\\') || pathname.includes('\0')) return null;
  const segments = pathname.slice(1).split('/');
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..')) return null;
  const name = segments[segments.length - 1] ?? '';
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  // hasOwn: an extension such as "constructor" must not find Object.prototype's members.
  const contentType = Object.hasOwn(RENDERER_CONTENT_TYPES, extension)
    ? RENDERER_CONTENT_TYPES[extension]
    : undefined;
  if (contentType === undefined) return null;
  return { path: segments.join('/'), contentType };
}

declare global {
  interface Window {
    /** Set by the preload (Electron) or by the WebSocket bridge (browser); see `BeatpassApi`. */
    readonly api: BeatpassApi;
  }
}
