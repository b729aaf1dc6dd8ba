import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base } from '@playwright/test';
import type { BrowserContext, Page } from '@playwright/test';
import { startHeadlessHost } from '../../../src-main/headless/host.ts';
import type { HeadlessHost, HeadlessHostOptions } from '../../../src-main/headless/host.ts';
import { parseConfig } from '../../../src-server/config.ts';
import { startServer } from '../../../src-server/server.ts';
import type { RunningServer } from '../../../src-server/server.ts';
import { signUpClient } from '../../support/test-client.ts';
import type { TestClient } from '../../support/test-client.ts';

/**
 * How long a step may take before the test calls it failed, by how far the step travels. On a loaded
 * 2-core machine every process on the way can wait for the CPU, so a step that crosses more of them gets
 * more time. Waits are always on an event or a rendered state, never a sleep.
 * - `local`: inside one app, an action and what it renders (Playwright's `expect` default,
 *   playwright.config.ts);
 * - `relayed`: one user's action shown in another user's app (app → server → the other app);
 * - `roundTrip`: there and back (a message reaches the other app and its receipt comes back: "delivered").
 */
export const BUDGET = { local: 10_000, relayed: 20_000, roundTrip: 30_000 } as const;

/** Rejects with `what` when `promise` has not settled within `ms`: a wait on a raw client's event. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The password `signUpClient` gives every account. */
export const PASSWORD = 'correct horse';

export interface E2eUser {
  client: TestClient;
  username: string;
  password: string;
  id: string;
}

/**
 * One test's world: a real messaging server in this worker (port 0, its own SQLite file), users made
 * through the real HTTP and WebSocket API, and headless hosts (one per signed-in browser) whose pages
 * Playwright opens. Everything is closed and deleted after the test. Shared with the renderer's e2e tests.
 */
export class E2eWorld {
  readonly dir = mkdtempSync(join(tmpdir(), 'beatpass-e2e-'));
  readonly #hosts: HeadlessHost[] = [];
  readonly #clients: TestClient[] = [];
  readonly #contexts: BrowserContext[] = [];
  #server: RunningServer | null = null;

  get server(): RunningServer {
    if (!this.#server) throw new Error('the world is not started');
    return this.#server;
  }

  async start(): Promise<void> {
    this.#server = await startServer(
      parseConfig({
        port: 0,
        dataDir: join(this.dir, 'server'),
        logLevel: 'silent',
        passwordMemoryKib: 1024,
        emailDebounceMs: 0,
        // Worlds sign many people up from one address and write history fast; those limits have their own
        // integration tests.
        signUpRatePerWindow: 1_000_000,
        sendRatePerWindow: 1_000_000,
      }),
    );
  }

  /** A new account on the server, connected through a raw protocol client (to act as the other person). */
  async user(name: string): Promise<E2eUser> {
    const client = await signUpClient(this.server.url, name);
    this.#clients.push(client);
    return { client, username: client.auth.me.username, password: PASSWORD, id: client.userId };
  }

  /** A headless host (core + bridge) against this server; open `host.url` in a page. */
  async host(options: Partial<HeadlessHostOptions> = {}): Promise<HeadlessHost> {
    const host = await startHeadlessHost({
      serverUrl: this.server.url,
      dataDir: join(this.dir, `host-${this.#hosts.length + 1}`),
      port: 0,
      ...options,
    });
    this.#hosts.push(host);
    return host;
  }

  /**
   * A browser context to close with the world, before its hosts: a page left open keeps reconnecting to
   * its host's port for the rest of the run, costing CPU, and could meet a later test's host there.
   */
  track(context: BrowserContext): void {
    this.#contexts.push(context);
  }

  /** Failures nobody expected in this test's hosts (each is also logged); the teardown requires none. */
  get unexpectedErrors(): number {
    return this.#hosts.reduce((sum, host) => sum + host.unexpectedErrors, 0);
  }

  async close(): Promise<void> {
    const unexpected = this.unexpectedErrors;
    for (const context of this.#contexts) await context.close();
    for (const host of this.#hosts) await host.close();
    for (const client of this.#clients) await client.close();
    await this.#server?.close();
    rmSync(this.dir, { recursive: true, force: true });
    if (unexpected > 0)
      throw new Error(`${unexpected} unexpected failure(s) in the app's main process: see the log above.`);
  }
}

/** Signs in through the real sign-in screen (selectors listed in docs/ui-testing.md). */
export async function signIn(page: Page, user: Pick<E2eUser, 'username' | 'password'>): Promise<void> {
  await page.getByLabel('Username').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** `test` with a started `world`, and a check that the page never logged a CSP violation or an error. */
export const test = base.extend<{ world: E2eWorld; pageErrors: string[] }>({
  // Playwright reads fixture dependencies from the destructuring pattern: this one needs none.
  // eslint-disable-next-line no-empty-pattern
  world: async ({}, use) => {
    const world = new E2eWorld();
    await world.start();
    await use(world);
    await world.close();
  },
  pageErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text()))
        errors.push(message.text());
    });
    await use(errors);
  },
});
export { expect } from '@playwright/test';
