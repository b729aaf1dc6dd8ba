import type WebSocket from 'ws';
import type { Clock, Random } from './clock.ts';
import type { BackoffPolicy } from './connection/backoff.ts';
import type { ConnectionTimings } from './connection/connection-options.ts';
import type { SessionStore } from './settings/session-store.ts';
import type { SettingsStore } from './settings/settings-store.ts';
import type { Shell } from './shell.ts';
import type { Trace } from './trace.ts';
import type { UnexpectedErrors } from './unexpected.ts';

/** What a shell (Electron, headless, a test) gives the core it creates. */
export interface CoreOptions {
  /** Folder for the cache, and the default settings and session files. */
  dataDir: string;
  serverUrl: string;
  /** `serverUrl` is a server this app started on this computer (the UI then says "This computer"). */
  serverIsEmbedded?: boolean;
  shell: Shell;
  /** Default: a `conf` JSON file in dataDir. The Electron shell passes its electron-store. */
  settings?: SettingsStore;
  /** Default: a 0600 JSON file in dataDir. The Electron shell passes its safeStorage-backed store. */
  sessions?: SessionStore;
  /** Default: `<dataDir>/cache.sqlite`. */
  cacheFile?: string;
  /** Rebuild a cache written by a newer app version (user consent, or a disposable-cache flag). */
  rebuildNewerCache?: boolean;
  clock?: Clock;
  random?: Random;
  createSocket?: (url: string) => WebSocket;
  fetch?: typeof fetch;
  timings?: Partial<ConnectionTimings>;
  outbox?: { retryBudget?: number; backoff?: BackoffPolicy; ackTimeoutMs?: number; sendWindow?: number };
  clientInfo?: { name: string; version: string };
  trace?: Trace;
  /** Where unexpected failures are counted; the entry points pass the one their process guard reports to. */
  unexpected?: UnexpectedErrors;
}
