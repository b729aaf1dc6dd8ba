import { AsyncLocalStorage } from 'node:async_hooks';
import { close as closeFile, fdatasync, openSync } from 'node:fs';
import type { Durability } from './durability.ts';

/** `fs.fsync`'s shape; tests pass one that holds the real fsync back until they let it go. */
export type Fsync = (fd: number, done: (error: NodeJS.ErrnoException | null) => void) => void;

export interface WalSyncOptions {
  /** The database's `-wal` file. */
  walFile: string;
  /** Statements run on the connection that could write, so far (statement-cache.ts): the sync's marks. */
  writes: () => number;
  /** Told once, when an fsync fails and durability is lost for good (the server logs it). */
  onFailure: (error: Error) => void;
  fsync?: Fsync;
  /** Syncs that may run at once (default MAX_SYNCS_IN_FLIGHT). */
  maxInFlight?: number;
  /** Told each time the writes up to `mark` are on disk (the store thread shares it: store-thread/). */
  onSynced?: (mark: number) => void;
}

/**
 * A commit made while a sync runs need not wait for it to end: a second sync may start at once (each
 * covers what was written before it started, so they may finish in any order).
 */
export const MAX_SYNCS_IN_FLIGHT = 2;

interface Waiter {
  mark: number;
  resolve: () => void;
  reject: (error: Error) => void;
}

/** What a tracked answer has seen: the connection's write count after its last statement. */
interface Seen {
  mark: number;
}

const settled = Promise.resolve();

/**
 * Durable acks without the fsync on the event loop (SQLite). The server's connection runs with
 * `synchronous=NORMAL`: COMMIT writes the transaction's WAL frames and returns without syncing them. This
 * syncs the `-wal` file instead, with `fs.fsync` on libuv's thread pool, while the event loop goes on
 * serving (reading sockets, running the next group commit). An fsync is per file, so it makes every frame
 * written before it durable, whichever connection call wrote it: one sync covers every commit made while the
 * one before it ran, and whoever waits for a commit is told once a sync that started after it has finished.
 *
 * Marks are the connection's count of statements that could write (COMMIT is one of them). A sync started
 * at count N covers every write up to N. Callers wait with `until(mark)`; the group commit does after its
 * COMMIT, and `track` makes an answer wait for the writes its statements saw, so nothing read from the
 * store is shown before it is durable. Writes nobody waits for (background jobs) are synced on the next
 * turn of the event loop all the same.
 *
 * The file is opened once. SQLite deletes a `-wal` file only when the last connection to the database
 * closes, and the server's connection is open for as long as this is, so the descriptor always names the
 * live WAL (a checkpoint that restarts or truncates it keeps the same file).
 *
 * A failed fsync cannot be retried: Linux may have dropped the pages it could not write, and a second
 * fsync would then report success for data that is gone. So a failure is final: every write waiting for
 * it and every later one is refused (its caller answers INTERNAL), the failure is logged once, and the
 * readiness check reports it, so the node is taken out of service and restarted, which recovers from the
 * WAL as it is on disk.
 */
export class WalSync implements Durability {
  private readonly walFile: string;
  private readonly writes: () => number;
  private readonly onFailure: (error: Error) => void;
  private readonly onSynced: (mark: number) => void;
  private readonly fsync: Fsync;
  private readonly seen = new AsyncLocalStorage<Seen>();
  /** Writes covered by the last sync that finished. */
  private synced: number;
  private readonly maxInFlight: number;
  /** Syncs started and not finished. */
  private inFlight = 0;
  /** The write count the newest started sync covers. */
  private started: number;
  private backgroundDue = false;
  /** In the order they came; marks may repeat or arrive out of order, so each is checked. */
  private waiters: Waiter[] = [];
  private fd: number | null = null;
  private failed: Error | null = null;
  /** Syncs finished (tests and the bench's notes). */
  syncs = 0;

  constructor(options: WalSyncOptions) {
    this.walFile = options.walFile;
    this.writes = options.writes;
    this.onFailure = options.onFailure;
    this.onSynced = options.onSynced ?? (() => {});
    this.fsync = options.fsync ?? fdatasync;
    this.maxInFlight = options.maxInFlight ?? MAX_SYNCS_IN_FLIGHT;
    // Whatever was written before this existed (opening the store, its migrations) was synced by SQLite
    // itself, under the connection's earlier `synchronous=FULL`.
    this.synced = options.writes();
    this.started = this.synced;
  }

  mark(): number {
    return this.writes();
  }

  until(mark: number): Promise<void> {
    if (mark <= this.synced) return settled;
    if (this.failed) return Promise.reject(this.failed);
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ mark, resolve, reject });
      this.start();
    });
  }

  track<T>(answer: () => Promise<T>): Promise<T> {
    const seen: Seen = { mark: 0 };
    const result = this.seen.run(seen, answer);
    return result.then(
      (value) => (seen.mark <= this.synced ? value : this.until(seen.mark).then(() => value)),
      (error: unknown) => {
        if (seen.mark <= this.synced) throw error;
        return this.until(seen.mark).then(() => {
          throw error;
        });
      },
    );
  }

  untracked<T>(fn: () => T): T {
    return this.seen.exit(fn);
  }

  failure(): Error | null {
    return this.failed;
  }

  /** After every statement on the connection: a tracked answer has now seen everything written so far. */
  noteStatement(): void {
    const seen = this.seen.getStore();
    if (seen) seen.mark = this.writes();
  }

  /** After every statement that could write: synced soon even if nobody waits for it. */
  noteWrite(): void {
    if (this.backgroundDue || this.failed) return;
    this.backgroundDue = true;
    // Detached from whichever answer wrote: the sync is everyone's.
    this.untracked(() =>
      setImmediate(() => {
        this.backgroundDue = false;
        this.start();
      }),
    );
  }

  /** Syncs what is left, then lets the file go; before the connection closes. */
  async close(): Promise<void> {
    if (!this.failed && this.writes() > this.synced) await this.until(this.writes());
    const fd = this.fd;
    this.fd = null;
    if (fd === null) return;
    await new Promise<void>((resolve, reject) =>
      closeFile(fd, (error) => (error ? reject(error) : resolve())),
    );
  }

  private start(): void {
    if (this.failed) return;
    const target = this.writes();
    if (target <= this.synced) {
      this.settleWaiters();
      return;
    }
    // Already being synced by a sync under way, or as many running as allowed: its end starts the next.
    if (target <= this.started || this.inFlight >= this.maxInFlight) return;
    let fd: number;
    try {
      this.fd ??= openSync(this.walFile, 'r+');
      fd = this.fd;
    } catch (error) {
      this.fail(error);
      return;
    }
    this.inFlight += 1;
    this.started = target;
    this.fsync(fd, (error) => {
      this.inFlight -= 1;
      if (this.failed) return;
      if (error) {
        this.fail(error);
        return;
      }
      this.syncs += 1;
      if (target > this.synced) {
        this.synced = target;
        this.onSynced(target);
      }
      this.settleWaiters();
      // Commits made while this sync ran: their waiters start the next one at once.
      if (this.waiters.length > 0) this.start();
      else if (this.writes() > this.synced) this.noteWrite();
    });
  }

  private settleWaiters(): void {
    if (this.waiters.length === 0) return;
    const waiting: Waiter[] = [];
    const ready: Waiter[] = [];
    for (const waiter of this.waiters) (waiter.mark <= this.synced ? ready : waiting).push(waiter);
    this.waiters = waiting;
    for (const waiter of ready) waiter.resolve();
  }

  private fail(cause: unknown): void {
    const reason = cause instanceof Error ? cause.message : String(cause);
    const error = new Error(
      `store: syncing ${this.walFile} failed (${reason}); writes can no longer be made durable`,
      {
        cause,
      },
    );
    this.failed = error;
    const waiting = this.waiters;
    this.waiters = [];
    for (const waiter of waiting) waiter.reject(error);
    this.onFailure(error);
  }
}
