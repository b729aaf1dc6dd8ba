import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { ChildMessage, Command, CommandResults, ParentMessage } from './worker/protocol.ts';

const WORKER = join(import.meta.dirname, 'worker', 'core-worker.ts');

export interface CoreProcessConfig {
  dataDir: string;
  serverUrl: string;
  heartbeatIntervalMs: number;
  heartbeatTimeoutMs: number;
  requestTimeoutMs: number;
  welcomeTimeoutMs: number;
}

/**
 * The orchestrator's handle on one client core in a child process (tests/chaos/worker/core-worker.ts):
 * typed commands with replies, `queued` notes as messages enter the outbox, and a SIGKILL that leaves the
 * cache file as a crash would. If the child dies while a command waits, the command fails with its stderr.
 */
export class CoreProcess {
  readonly name: string;
  readonly #child: ChildProcess;
  readonly #pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  readonly #exited: Promise<void>;
  #nextId = 1;
  #stderr = '';
  #dead = false;
  /** Bodies reported queued by this process, in order. */
  readonly queued: string[] = [];
  readonly problems: string[] = [];
  onQueued: ((body: string) => void) | null = null;

  private constructor(name: string, child: ChildProcess) {
    this.name = name;
    this.#child = child;
    child.stderr?.on('data', (chunk: Buffer) => {
      this.#stderr = (this.#stderr + chunk.toString()).slice(-20_000);
    });
    child.on('message', (raw) => this.#onMessage(raw as ChildMessage));
    this.#exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        this.#dead = true;
        const error = new Error(
          `${name} exited (${signal ?? code}) with a command outstanding:\n${this.#stderr.slice(-4000)}`,
        );
        for (const waiter of this.#pending.values()) waiter.reject(error);
        this.#pending.clear();
        resolve();
      }),
    );
    child.on('error', (error) => this.problems.push(`process error: ${error.message}`));
  }

  /** Starts a core on `config.dataDir` (a fresh folder, or the one a killed core left) and waits until it runs. */
  static async spawn(name: string, config: CoreProcessConfig): Promise<CoreProcess> {
    const child = fork(WORKER, [JSON.stringify(config)], {
      execPath: process.execPath,
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    const handle = new CoreProcess(name, child);
    await new Promise<void>((resolve, reject) => {
      const onExit = () => reject(new Error(`${name} exited before it was ready:\n${handle.#stderr}`));
      child.once('exit', onExit);
      child.on('message', (message: ChildMessage) => {
        if (message.type !== 'ready') return;
        child.off('exit', onExit);
        resolve();
      });
    });
    return handle;
  }

  get alive(): boolean {
    return !this.#dead;
  }

  get stderr(): string {
    return this.#stderr;
  }

  request<T extends Command['type']>(command: Extract<Command, { type: T }>): Promise<CommandResults[T]> {
    if (this.#dead) return Promise.reject(new Error(`${this.name} is not running`));
    const id = this.#nextId++;
    const message: ParentMessage = { id, command };
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.#child.send(message, (error) => {
        if (!error) return;
        this.#pending.delete(id);
        reject(error);
      });
    });
  }

  /** A crash: SIGKILL, no chance to flush anything. Resolves once the process is gone. */
  async kill(): Promise<void> {
    if (!this.#dead) this.#child.kill('SIGKILL');
    await this.#exited;
  }

  /** A clean quit (the core closes its cache). */
  async stop(): Promise<void> {
    if (!this.#dead) this.#child.kill('SIGTERM');
    await this.#exited;
  }

  #onMessage(message: ChildMessage): void {
    switch (message.type) {
      case 'ready':
        return;
      case 'reply': {
        const waiter = this.#pending.get(message.id);
        this.#pending.delete(message.id);
        if (!waiter) return;
        if (message.ok) waiter.resolve(message.result);
        else waiter.reject(new Error(`${this.name}: ${message.error}`));
        return;
      }
      case 'queued':
        for (const body of message.bodies) {
          this.queued.push(body);
          this.onQueued?.(body);
        }
        return;
      case 'problem':
        this.problems.push(message.message);
        return;
    }
  }
}
