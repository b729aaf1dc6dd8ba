import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer, connect } from 'node:net';

export interface RedisProcess {
  readonly port: number;
  readonly url: string;
  /** Kills the server at once (SIGKILL), as a crash would; resolves when it has exited. */
  kill(): Promise<void>;
  /** Starts it again on the same port (after `kill`), empty: nothing is persisted. */
  restart(): Promise<void>;
  /** Stops it for good. */
  close(): Promise<void>;
}

/** True when a `redis-server` binary is on PATH (the tests start their own, never the machine's 6379 one). */
export function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** A port nobody listens on right now, from the kernel (redis-server's `--port 0` would mean "no TCP"). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * A private, throwaway redis-server on loopback: no persistence, its own free port. Tests and the bench use
 * it so they can kill and restart Redis without touching anyone else's.
 */
export async function startRedis(): Promise<RedisProcess> {
  let port = 0;
  let child: ChildProcess | null = null;

  const launch = async (wanted: number): Promise<void> => {
    const proc = spawn(
      'redis-server',
      ['--bind', '127.0.0.1', '--port', String(wanted), '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = proc;
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
    };
    proc.stdout?.on('data', collect);
    proc.stderr?.on('data', collect);
    await new Promise<void>((resolve, reject) => {
      const onExit = (code: number | null) =>
        reject(new Error(`redis-server exited with ${code} before it was ready:\n${output}`));
      proc.once('exit', onExit);
      proc.once('error', reject);
      const check = () => {
        if (/Ready to accept connections/.test(output)) {
          proc.off('exit', onExit);
          proc.stdout?.off('data', check);
          resolve();
        }
      };
      proc.stdout?.on('data', check);
    });
    // Keep draining its output so a chatty server never blocks on a full pipe.
    proc.stdout?.resume();
    proc.stderr?.resume();
  };

  const exited = (signal: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      const proc = child;
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) return resolve();
      proc.once('exit', () => resolve());
      proc.kill(signal);
    });

  for (let attempt = 1; ; attempt += 1) {
    port = await freePort();
    try {
      await launch(port);
      break;
    } catch (error) {
      // Someone took the port between the probe and the launch: try another one.
      if (attempt >= 5) throw error;
    }
  }

  return {
    get port() {
      return port;
    },
    get url() {
      return `redis://127.0.0.1:${port}`;
    },
    kill: () => exited('SIGKILL'),
    restart: async () => {
      await exited('SIGKILL');
      await launch(port);
    },
    close: () => exited('SIGTERM'),
  };
}

/** True when something accepts TCP connections at host:port within `timeoutMs`. */
export function canConnect(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
