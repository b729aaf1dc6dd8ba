import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const root = join(import.meta.dirname, '..', '..', '..', '..');

/**
 * The real server as a child process, for tests that need to stop it: freeze it (SIGSTOP, a server that
 * no longer answers), thaw it, or stop it and start it again on the same port and database.
 */
export class ServerChild {
  readonly dataDir: string;
  #child: ChildProcess | null = null;
  #port = 0;

  constructor(dataDir: string) {
    this.dataDir = dataDir;
  }

  get url(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  async start(): Promise<void> {
    const child = spawn(
      process.execPath,
      [
        join(root, 'src-server', 'main.ts'),
        '--port',
        String(this.#port),
        '--data-dir',
        this.dataDir,
        '--log-level',
        'warn',
        '--password-memory-kib',
        '1024',
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.#child = child;
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const lines = createInterface({ input: child.stdout! });
    this.#port = await new Promise<number>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${stderr}`)));
      lines.on('line', (line) => {
        try {
          const parsed = JSON.parse(line) as { event?: string; port?: number };
          if (parsed.event === 'listening' && typeof parsed.port === 'number') resolve(parsed.port);
        } catch {
          // another line
        }
      });
    });
  }

  /** The process stops answering (its sockets stay open): requests time out. */
  freeze(): void {
    this.#child?.kill('SIGSTOP');
  }

  thaw(): void {
    this.#child?.kill('SIGCONT');
  }

  /** Kills the process at once (a crash): whatever it had not read yet is lost. */
  async kill(): Promise<void> {
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
    this.#child = null;
  }

  async stop(): Promise<void> {
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGCONT');
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
    this.#child = null;
  }
}
