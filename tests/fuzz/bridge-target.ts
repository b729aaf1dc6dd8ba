import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHeadlessHost } from '../../src-main/headless/host.ts';
import type { HeadlessHost } from '../../src-main/headless/host.ts';
import { spawnServer } from '../support/server-process.ts';
import type { ServerProcess } from '../support/server-process.ts';
import { signUpClient } from '../support/test-client.ts';

/**
 * What the bridge fuzzer plays against: a real server process, and a headless host (its real core, cache
 * file and bridge on 127.0.0.1) signed in as one account, with a contact and a direct conversation, so
 * mutated ids can land on things that exist.
 */
export interface BridgeTarget {
  server: ServerProcess;
  host: HeadlessHost;
  meId: string;
  ids: string[];
  close(): Promise<void>;
}

export async function startBridgeTarget(): Promise<BridgeTarget> {
  const server = await spawnServer();
  const dir = mkdtempSync(join(tmpdir(), 'bridge-fuzz-'));
  let host: HeadlessHost | null = null;
  try {
    const owner = await signUpClient(server.url, 'bridgeowner', false);
    const contact = await signUpClient(server.url, 'contact', false);
    const dataDir = join(dir, 'data');
    host = await startHeadlessHost({
      serverUrl: server.url,
      dataDir,
      port: 0,
      rendererDir: join(dir, 'renderer'),
      signIn: { username: owner.auth.me.username, password: 'correct horse' },
    });
    if (!host.core.sync.caughtUp) await host.core.trace.waitFor('caught-up', () => true, 30_000);
    const direct = await host.core.conversations.startDirect(contact.auth.me.id);
    const started = host;
    return {
      server,
      host: started,
      meId: owner.auth.me.id,
      ids: [owner.auth.me.id, contact.auth.me.id, direct.id],
      close: async () => {
        await started.close();
        await server.cleanup();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await host?.close();
    await server.cleanup();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
