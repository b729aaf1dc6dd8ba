/**
 * The sandboxed preload: exposes `window.api` (the `BeatpassApi` of src-shared/bridge.ts) and nothing
 * else. No Node, no `ipcRenderer`, no business logic: requests go to main's one invoke channel, where the
 * sender is checked and the payload validated; events come back on one channel and are dispatched here by
 * name. Built as a single CommonJS file (a sandboxed preload cannot load ES modules or other files).
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createEventHub, ELECTRON_EVENT_CHANNEL, ELECTRON_INVOKE_CHANNEL } from '../src-shared/bridge.ts';
import type { BeatpassApi, BridgeEvent } from '../src-shared/bridge.ts';
import type { IpcResponse } from '../src-shared/ipc.ts';

const hub = createEventHub();
ipcRenderer.on(ELECTRON_EVENT_CHANNEL, (_event, message: BridgeEvent) => hub.emit(message));

const api: BeatpassApi = {
  invoke(channel, payload) {
    return ipcRenderer.invoke(ELECTRON_INVOKE_CHANNEL, channel, payload).then(
      (response) => response as IpcResponse<typeof channel>,
      (error: unknown): IpcResponse<typeof channel> => ({
        ok: false,
        error: { code: 'DISCONNECTED', message: error instanceof Error ? error.message : 'The app bridge failed.' },
      }),
    );
  },
  on: hub.on,
};

contextBridge.exposeInMainWorld('api', api);
