import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authResultSchema } from '../../src-shared/protocol.ts';
import { spawnServer } from '../../tests/support/server-process.ts';
import type { ServerProcess } from '../../tests/support/server-process.ts';
import { postJson } from '../../tests/support/test-client.ts';
import { startHostProcess } from './host-child.ts';
import type { BenchHost } from './host-child.ts';
import { CONVERSATIONS, makePlan } from './plan.ts';
import type { Plan } from './plan.ts';
import { seedCache } from './seed-cache.ts';
import { seedServer } from './seed-server.ts';

const PASSWORD = 'bench password';

export interface RendererWorld {
  plan: Plan;
  host: BenchHost;
  /** Set-up times, for the notes. */
  timings: { seedServerMs: number; seedCacheMs: number; syncMs: number };
  close(): Promise<void>;
}

/**
 * The real server as a child process (its own SQLite file), the signed-in producer created through its
 * HTTP API, everyone else and the history written into its database while it is stopped, the client cache
 * written through the core's store, and a headless host in a child process of its own (playing Electron's
 * main process, which has its event loop to itself) signed in and caught up with the server.
 */
export async function startWorld(log: (line: string) => void): Promise<RendererWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'beatpass-renderer-bench-'));
  let server: ServerProcess | null = null;
  let host: BenchHost | null = null;
  try {
    server = await spawnServer({ dataDir: join(dir, 'server') });
    const username = 'bench_producer';
    const signUp = await postJson(server.url, '/auth/signup', {
      username,
      displayName: 'Bench Producer',
      password: PASSWORD,
    });
    if (signUp.status !== 201)
      throw new Error(`sign-up failed: ${signUp.status} ${JSON.stringify(signUp.json)}`);
    const me = authResultSchema.parse(signUp.json).me;
    const plan = makePlan(Date.now(), { id: me.id, username, displayName: me.displayName });

    await server.stop();
    let t = performance.now();
    seedServer(join(dir, 'server', 'server.sqlite'), plan);
    const seedServerMs = performance.now() - t;
    await server.restart();

    t = performance.now();
    const hostDir = join(dir, 'host');
    mkdirSync(hostDir);
    seedCache(join(hostDir, 'cache.sqlite'), plan);
    const seedCacheMs = performance.now() - t;
    log(
      `renderer: seeded server (${Math.round(seedServerMs)} ms) and client cache (${Math.round(seedCacheMs)} ms)`,
    );

    t = performance.now();
    host = await startHostProcess({ serverUrl: server.url, dataDir: hostDir, username, password: PASSWORD });
    if (host.listed !== CONVERSATIONS)
      throw new Error(`the host lists ${host.listed} conversations, expected ${CONVERSATIONS}`);
    const syncMs = performance.now() - t;

    const owned = { server, host };
    return {
      plan,
      host,
      timings: { seedServerMs, seedCacheMs, syncMs },
      close: async () => {
        await owned.host.close();
        await owned.server.cleanup();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await host?.close();
    await server?.cleanup();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
