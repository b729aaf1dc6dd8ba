import { createEventHub, ELECTRON_EVENT_CHANNEL, ELECTRON_INVOKE_CHANNEL } from '../src-shared/bridge.ts';
import type { BeatpassApi, BridgeEvent } from '../src-shared/bridge.ts';
import type { IpcResponse } from '../src-shared/ipc.ts';

/** The part of `ipcRenderer` the bridge uses (structural, so it is unit-tested without Electron). */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, message: BridgeEvent) => void): unknown;
}

/**
 * `window.api` on top of `ipcRenderer`: requests go to main's one invoke channel (where the sender is
 * checked and the payload validated), events come back on one channel and are dispatched by name. A
 * failed invoke (main gone, handler missing) resolves as DISCONNECTED: the API never rejects.
 */
export function createPreloadApi(ipc: IpcRendererLike): BeatpassApi {
  const hub = createEventHub();
  ipc.on(ELECTRON_EVENT_CHANNEL, (_event, message) => hub.emit(message));
  return {
    invoke(channel, payload) {
      return ipc.invoke(ELECTRON_INVOKE_CHANNEL, channel, payload).then(
        (response) => response as IpcResponse<typeof channel>,
        (error: unknown): IpcResponse<typeof channel> => ({
          ok: false,
          error: {
            code: 'DISCONNECTED',
            message: error instanceof Error ? error.message : 'The app bridge failed.',
          },
        }),
      );
    },
    on: hub.on,
  };
}
