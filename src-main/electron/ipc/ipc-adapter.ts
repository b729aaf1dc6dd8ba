import { ELECTRON_EVENT_CHANNEL, ELECTRON_INVOKE_CHANNEL } from '../../../src-shared/bridge.ts';
import type { BridgeEvent } from '../../../src-shared/bridge.ts';
import type { IpcResponse } from '../../../src-shared/ipc.ts';
import type { Router } from '../../core/router.ts';
import type { IpcEvents } from '../../core/ipc-events.ts';
import { checkSender } from './sender-check.ts';
import type { InvokeEventLike, TrustedWindow } from './sender-check.ts';

/** The part of Electron's `ipcMain` the adapter uses. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export interface IpcAdapterOptions {
  ipcMain: IpcMainLike;
  router: Pick<Router, 'handle'>;
  /** The window allowed to call, asked at each call (null while there is none). */
  window: () => TrustedWindow | null;
  /** `scheme://host` of our page: `app://beatpass`, plus the dev server's in development. */
  allowedOrigins: readonly string[];
  /** Refused calls are logged: they mean a bug or an attack, and are never answered with data. */
  onRefused?: (reason: string, channel: unknown) => void;
}

/**
 * The Electron transport of the IPC contract: one `ipcMain.handle` channel. Checks the sender frame, then
 * hands channel and payload to the core's router (which validates the payload). Answers are always an
 * `IpcResponse`, so the preload never has to catch.
 */
export function registerIpcAdapter(options: IpcAdapterOptions): () => void {
  options.ipcMain.handle(ELECTRON_INVOKE_CHANNEL, async (event, channel, payload): Promise<IpcResponse> => {
    const verdict = checkSender(event, options.window(), options.allowedOrigins);
    if (!verdict.trusted) {
      options.onRefused?.(verdict.reason, channel);
      return { ok: false, error: { code: 'FORBIDDEN', message: 'This caller may not use the app bridge.' } };
    }
    if (typeof channel !== 'string') {
      return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: 'The channel must be a string.' } };
    }
    return options.router.handle(channel, payload);
  });
  return () => options.ipcMain.removeHandler(ELECTRON_INVOKE_CHANNEL);
}

/** Where events go: our window's `webContents`. */
export interface EventSink {
  send(channel: string, event: BridgeEvent): void;
  isDestroyed(): boolean;
}

/** Forwards every event the core pushes to the window (when there is one); returns the unsubscribe. */
export function forwardEvents(
  events: Pick<IpcEvents, 'subscribe'>,
  target: () => EventSink | null,
): () => void {
  return events.subscribe((name, payload) => {
    const contents = target();
    if (!contents || contents.isDestroyed()) return;
    contents.send(ELECTRON_EVENT_CHANNEL, { name, payload } as BridgeEvent);
  });
}
