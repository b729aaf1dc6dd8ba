import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { freshTestStore, storeArgs } from './test-store.ts';
import type { ServerStore } from './test-store.ts';

const root = join(import.meta.dirname, '..', '..');

export interface SpawnServerOptions {
  /** Reuse a data folder (e.g. to restart on the same database); default: a fresh temp folder. */
  dataDir?: string;
  /** Extra command-line flags, e.g. ['--demo'] or ['--event-retention', '10']. */
  args?: string[];
  env?: Record<string, string>;
  /**
   * The store to run on: by default the test run's (tests/support/test-store.ts: a SQLite file in the data
   * folder, or a fresh PostgreSQL schema and Redis prefix in the PostgreSQL project). Several nodes of one
   * deployment share one store; a store passed here is not dropped by `cleanup()`.
   */
  store?: Omit<ServerStore, 'drop'>;
}

export interface ServerProcess {
  url: string;
  wsUrl: string;
  port: number;
  /** The server process's id (e.g. to read its memory use from /proc). */
  readonly pid: number;
  dataDir: string;
  /** The postgres:// URL (or SQLite file) the server runs on, when not the default file in `dataDir`. */
  database: string | undefined;
  /** Stops the process (SIGTERM, then SIGKILL after 5 s). The data folder stays until `cleanup()`. */
  stop(): Promise<void>;
  /** Kills the process at once, as a crash would. */
  kill(): Promise<void>;
  /** Freezes the process (SIGSTOP): its sockets stay open and nothing answers, as a hung server. */
  pause(): void;
  /** Lets a paused process run again (SIGCONT). */
  resume(): void;
  /** Starts it again on the same data folder and the same port. */
  restart(): Promise<void>;
  /** Stops and removes the data folder if this helper created it. */
  cleanup(): Promise<void>;
  /** Everything the server wrote to stderr (its logs), for diagnosing a failure. */
  logs(): string;
  /**
   * Resolves once the server's log holds at least `count` lines containing `text` (checked as each chunk
   * arrives, not polled); rejects after `timeoutMs` with the log attached.
   */
  waitForLogLines(text: string, count: number, timeoutMs?: number): Promise<void>;
  /** How the last run ended: its exit code, or null while it runs (or when a signal ended it). */
  exitCode(): number | null;
}

/**
 * Runs the real server (`node src-server/main.ts`) as a child process on port 0 with its own store (a
 * SQLite file, or in the PostgreSQL test project a schema of its own), and resolves when it prints its
 * "listening" line.
 */
export async function spawnServer(options: SpawnServerOptions = {}): Promise<ServerProcess> {
  const ownDir = options.dataDir === undefined;
  const ownStore = options.store ? null : await freshTestStore();
  const store = options.store ?? ownStore ?? {};
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'beatpass-server-'));
  // Tests create many accounts: a small argon2 memory cost keeps sign-up fast without changing the code path,
  // and all from one address, so the per-address sign-up budget is raised (its own test passes a lower one;
  // a later flag wins).
  const baseArgs = [
    '--data-dir',
    dataDir,
    '--log-level',
    'warn',
    '--password-memory-kib',
    '1024',
    ...storeArgs(store),
    '--sign-up-rate',
    '1000000',
    ...(options.args ?? []),
  ];
  let child: ChildProcess | undefined;
  let port = 0;
  let stderr = '';
  let lastExit: number | null = null;
  const logWatchers = new Set<() => void>();
  const countLines = (text: string) => stderr.split('\n').filter((line) => line.includes(text)).length;

  const start = async (requestedPort: number) => {
    const proc = spawn(
      process.execPath,
      [join(root, 'src-server', 'main.ts'), '--port', String(requestedPort), ...baseArgs],
      {
        cwd: root,
        env: { ...process.env, ...options.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child = proc;
    lastExit = null;
    proc.once('exit', (code) => {
      lastExit = code;
    });
    proc.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      for (const check of logWatchers) check();
    });
    const lines = createInterface({ input: proc.stdout! });
    port = await new Promise<number>((resolve, reject) => {
      const onExit = (code: number | null) =>
        reject(new Error(`server exited with ${code} before listening:\n${stderr}`));
      proc.once('exit', onExit);
      lines.on('line', (line) => {
        try {
          const parsed = JSON.parse(line) as { event?: string; port?: number };
          if (parsed.event === 'listening' && typeof parsed.port === 'number') {
            proc.off('exit', onExit);
            resolve(parsed.port);
          }
        } catch {
          // not our line
        }
      });
    });
  };

  const waitExit = (signal: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      const proc = child;
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) return resolve();
      const timer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
      proc.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      proc.kill(signal);
      // A paused process handles SIGTERM only once it runs again.
      if (signal !== 'SIGKILL') proc.kill('SIGCONT');
    });

  try {
    await start(0);
  } catch (error) {
    await ownStore?.drop();
    if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const server: ServerProcess = {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    get wsUrl() {
      return `ws://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    get pid() {
      return child?.pid ?? 0;
    },
    dataDir,
    database: store.database,
    stop: () => waitExit('SIGTERM'),
    kill: () => waitExit('SIGKILL'),
    pause: () => void child?.kill('SIGSTOP'),
    resume: () => void child?.kill('SIGCONT'),
    restart: async () => {
      await waitExit('SIGTERM');
      await start(port);
    },
    cleanup: async () => {
      await waitExit('SIGTERM');
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
      await ownStore?.drop();
    },
    logs: () => stderr,
    waitForLogLines: (text, count, timeoutMs = 60_000) =>
      new Promise<void>((resolve, reject) => {
        const finish = () => {
          clearTimeout(timer);
          logWatchers.delete(check);
        };
        const check = () => {
          if (countLines(text) < count) return;
          finish();
          resolve();
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`fewer than ${count} log lines with "${text}" after ${timeoutMs} ms:\n${stderr}`));
        }, timeoutMs);
        logWatchers.add(check);
        check();
      }),
    exitCode: () => lastExit,
  };
  return server;
}
