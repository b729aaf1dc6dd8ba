import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../src-server/config.ts';
import type { ServerConfig } from '../../src-server/config.ts';
import { startServer } from '../../src-server/server.ts';
import type { RunningServer } from '../../src-server/server.ts';

export interface InProcessServer {
  readonly server: RunningServer;
  /** The server's SQLite file, for a connection of the test's own. */
  readonly sqliteFile: string;
  /** Closes the server and removes its folder. */
  stop(): Promise<void>;
}

/**
 * A server in the test's own process on a SQLite file in a temp folder, for tests that reach into its
 * group commit (`server.context`). Its statements run on the event loop (`storeThread: 'main'`): the
 * store thread's context lives on another thread. `settings` are the suite's own.
 */
export async function startInProcessServer(
  folderPrefix: string,
  settings: Partial<ServerConfig> = {},
): Promise<InProcessServer> {
  const dataDir = mkdtempSync(join(tmpdir(), folderPrefix));
  let server: RunningServer;
  try {
    server = await startServer(
      parseConfig({
        port: 0,
        dataDir,
        logLevel: 'silent',
        passwordMemoryKib: 1024,
        storeThread: 'main',
        ...settings,
      }),
    );
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    server,
    sqliteFile: join(dataDir, 'server.sqlite'),
    stop: async () => {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
