import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fromHostSchema } from './host-messages.ts';
import type { FromHost, HostStart } from './host-messages.ts';

/** What the bench needs from the host: where the page is, and when the server's page of an open arrived. */
export interface BenchHost {
  /** The page to open (with the host's secret). */
  url: string;
  listed: number;
  listBytes: number;
  firstPageBytes: number;
  /**
   * Registers a watch for the server's page of `conversationId` in the host's core and resolves once it is
   * registered, with a promise that settles when that page has arrived.
   */
  watchOpened(conversationId: string, timeoutMs: number): Promise<{ opened: Promise<void> }>;
  close(): Promise<void>;
}

type Waiter = { watching: () => void; opened: () => void; failed: (error: Error) => void };

/**
 * Starts host-process.ts as a child process (the same Node, over an IPC channel) and resolves when its
 * core is signed in and caught up.
 */
export async function startHostProcess(start: HostStart): Promise<BenchHost> {
  const child: ChildProcess = fork(join(import.meta.dirname, 'host-process.ts'), [JSON.stringify(start)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiters = new Map<number, Waiter>();
  let nextId = 1;
  let fail: (error: Error) => void = () => {};
  const ready = new Promise<Extract<FromHost, { type: 'ready' }>>((resolve, reject) => {
    fail = reject;
    child.on('message', (raw) => {
      const message = fromHostSchema.parse(raw);
      switch (message.type) {
        case 'ready':
          resolve(message);
          return;
        case 'watching':
          waiters.get(message.id)?.watching();
          return;
        case 'opened':
          waiters.get(message.id)?.opened();
          waiters.delete(message.id);
          return;
        case 'failed':
          waiters.get(message.id)?.failed(new Error(message.message));
          waiters.delete(message.id);
          return;
        case 'fatal':
          reject(new Error(`the bench's host process failed: ${message.message}`));
          return;
        default:
          throw new Error(`unknown message ${JSON.stringify(message satisfies never)}`);
      }
    });
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', (code) => {
    const error = new Error(`the bench's host process exited (${code ?? 'signal'})`);
    fail(error);
    for (const waiter of waiters.values()) waiter.failed(error);
    waiters.clear();
  });
  const info = await ready;
  return {
    url: info.url,
    listed: info.listed,
    listBytes: info.listBytes,
    firstPageBytes: info.firstPageBytes,
    watchOpened: (conversationId, timeoutMs) =>
      new Promise((resolveWatching, rejectWatching) => {
        const id = nextId++;
        let resolveOpened: () => void = () => {};
        let rejectOpened: (error: Error) => void = () => {};
        let watching = false;
        const opened = new Promise<void>((resolve, reject) => {
          resolveOpened = resolve;
          rejectOpened = reject;
        });
        waiters.set(id, {
          watching: () => {
            watching = true;
            resolveWatching({ opened });
          },
          opened: resolveOpened,
          // Before the watch was registered nobody holds `opened` yet: the failure goes to the caller.
          failed: (error) => (watching ? rejectOpened(error) : rejectWatching(error)),
        });
        child.send({ type: 'watchOpened', id, conversationId, timeoutMs });
      }),
    close: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.send({ type: 'close' });
      await exited;
    },
  };
}
