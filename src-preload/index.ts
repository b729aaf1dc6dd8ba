/**
 * The sandboxed preload: exposes `window.api` (the `BeatpassApi` of src-shared/bridge.ts) and nothing
 * else. No Node, no `ipcRenderer`, no business logic. Built as a single CommonJS file (a sandboxed preload
 * cannot load ES modules or other files).
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createPreloadApi } from './preload-api.ts';

contextBridge.exposeInMainWorld('api', createPreloadApi(ipcRenderer));
