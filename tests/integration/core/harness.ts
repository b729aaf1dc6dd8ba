import { mkdtempSync, rmSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { spawnServer } from '../../support/server-process.ts';
import type { ServerProcess, SpawnServerOptions } from '../../support/server-process.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore } from '../../../src-main/core/core.ts';
import type { Core, CoreOptions } from '../../../src-main/core/core.ts';
import { createRouter } from '../../../src-main/core/router.ts';
import type { Router } from '../../../src-main/core/router.ts';
import { RecordingShell } from '../../support/recording-shell.ts';
import { MemorySettingsStore } from '../../../src-main/core/settings/settings-store.ts';
import type { ConnectionState, IpcChannel, IpcPayload, IpcResult } from '../../../src-shared/ipc.ts';

/**
 * A real client core for integration tests: its own temp folder with a real SQLite cache, a real
 * WebSocket to the real server, and a recording shell. `call` goes through the router, as the UI would.
 */
export class TestCore {
  core: Core;
  router: Router;
  readonly shell = new RecordingShell();
  readonly dataDir: string;
  readonly serverUrl: string;
  readonly #options: Partial<CoreOptions>;

  constructor(serverUrl: string, options: Partial<CoreOptions> & { dataDir?: string } = {}) {
    this.serverUrl = serverUrl;
    this.dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'beatpass-core-'));
    this.#options = options;
    this.core = this.#create();
    this.router = createRouter(this.core);
  }

  #create(): Core {
    return createCore({
      dataDir: this.dataDir,
      serverUrl: this.serverUrl,
      shell: this.shell,
      settings: new MemorySettingsStore(),
      // Fast reconnects keep tests quick; the policy itself is unit-tested.
      timings: { backoff: { baseMs: 50, capMs: 500 } },
      outbox: { backoff: { baseMs: 50, capMs: 500 } },
      ...this.#options,
    });
  }

  get me() {
    const me = this.core.me;
    if (!me) throw new Error('not signed in');
    return me;
  }

  /** A request through the router; throws with the error code when it fails. */
  async call<C extends IpcChannel>(channel: C, payload: IpcPayload<C>): Promise<IpcResult<C>> {
    const response = await this.router.handle(channel, payload);
    if (!response.ok)
      throw Object.assign(new Error(`${channel}: ${response.error.code} ${response.error.message}`), {
        code: response.error.code,
      });
    return response.result as IpcResult<C>;
  }

  /** A request expected to fail; returns its error code. */
  async failure<C extends IpcChannel>(channel: C, payload: IpcPayload<C>): Promise<string> {
    const response = await this.router.handle(channel, payload);
    if (response.ok) throw new Error(`${channel} succeeded, expected a failure`);
    return response.error.code;
  }

  /** Closes this core and opens a new one on the same folder (an app restart). */
  restart(): Core {
    this.core.close();
    this.core = this.#create();
    this.router = createRouter(this.core);
    return this.core;
  }

  close(): void {
    this.core.close();
  }

  cleanup(): void {
    this.core.close();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

let counter = 0;

/** Signs up a fresh account through the core and waits until it is online and caught up. */
export async function signedUpCore(
  serverUrl: string,
  name: string,
  options: Partial<CoreOptions> = {},
): Promise<TestCore> {
  const test = new TestCore(serverUrl, options);
  test.core.start();
  counter += 1;
  const username = `${name}${counter}${Math.random().toString(36).slice(2, 6)}`.toLowerCase().slice(0, 32);
  const caughtUp = test.core.trace.waitFor('caught-up');
  await test.call('session.signUp', { username, displayName: name, password: 'correct horse' });
  await caughtUp;
  return test;
}

/**
 * Each of `people` follows `creator`, so the creator can put them straight into a group or team (without
 * it they would be invited and have to accept first: the server's consent rule).
 */
export async function followCreator(creator: TestCore, ...people: TestCore[]): Promise<void> {
  for (const person of people) await person.call('users.follow', { userId: creator.me.id });
}

/** Starts a core on an existing folder (stored session) and waits until it is caught up. */
export async function restartCore(test: TestCore): Promise<void> {
  const core = test.restart();
  const caughtUp = core.trace.waitFor('caught-up');
  core.start();
  await caughtUp;
}

/** Resolves once the core's connection is in `status` (at once if it is already). */
export function connectionStatus(
  test: TestCore,
  status: ConnectionState['status'],
  timeoutMs: number,
): Promise<unknown> {
  if (test.core.connectionState().status === status) return Promise.resolve();
  return test.core.events.next('connection.changed', (s) => s.status === status, timeoutMs);
}

/** The conversation's whole history as the server stores it, oldest first, read page by page. */
export async function allServerBodies(reader: TestCore, conversationId: string): Promise<string[]> {
  const bodies: string[] = [];
  let beforeSeq: number | undefined;
  for (;;) {
    const { messages, hasMore } = await reader.core.connection.request('messages.history', {
      conversationId,
      limit: 100,
      ...(beforeSeq === undefined ? {} : { beforeSeq }),
    });
    bodies.unshift(...messages.map((m) => m.body));
    const oldest = messages[0];
    if (!hasMore || !oldest) return bodies;
    beforeSeq = oldest.seq;
  }
}

/**
 * Registers a real server process for the enclosing test file (started before all, stopped after all)
 * and cleans up every core handed to `track`.
 */
export function useServer(options: SpawnServerOptions = {}) {
  let server: ServerProcess | undefined;
  const cores: TestCore[] = [];
  beforeAll(async () => {
    server = await spawnServer(options);
  });
  afterAll(async () => {
    for (const core of cores.splice(0)) core.cleanup();
    await server?.cleanup();
  });
  return {
    get server(): ServerProcess {
      if (!server) throw new Error('the server is not started yet');
      return server;
    },
    track<T extends TestCore[]>(...made: T): T {
      cores.push(...made);
      return made;
    },
  };
}
