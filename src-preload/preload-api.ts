import {
  coreStatusEvent,
  createEventHub,
  ELECTRON_EVENT_CHANNEL,
  ELECTRON_INVOKE_CHANNEL,
} from '../src-shared/bridge.ts';
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
 * failed invoke (main gone, handler missing) resolves as DISCONNECTED: the API never rejects. The first
 * such failure emits `core.status { reachable: false }` to the page's listeners, and the next call that
 * gets through emits `reachable: true`, so the UI can say that the app's core is unreachable.
 */
export function createPreloadApi(ipc: IpcRendererLike): BeatpassApi {
  const hub = createEventHub();
  let reachable = true;
  const setReachable = (now: boolean, reason: string | null) => {
    if (now === reachable) return;
    reachable = now;
    hub.emit(coreStatusEvent(now, reason));
  };
  ipc.on(ELECTRON_EVENT_CHANNEL, (_event, message) => hub.emit(message));
  return {
    invoke(channel, payload) {
      return ipc.invoke(ELECTRON_INVOKE_CHANNEL, channel, payload).then(
        (response) => {
          setReachable(true, null);
          return response as IpcResponse<typeof channel>;
        },
        (error: unknown): IpcResponse<typeof channel> => {
          const message = error instanceof Error ? error.message : 'The app bridge failed.';
          setReachable(false, message);
          return { ok: false, error: { code: 'DISCONNECTED', message } };
        },
      );
    },
    on: hub.on,
  };
}
