import { AsyncLocalStorage } from 'node:async_hooks';
import type { Durability } from '../store/durability.ts';

/**
 * How far the store thread's writes are on disk, shared with the main thread without a message.
 *
 * The store thread's connection commits without the fsync and syncs its WAL off its own loop
 * (store/wal-sync.ts). Its marks are its connection's count of statements that could write, counted before
 * each one starts (statement-cache.ts `writeMark`). It stores the newest mark here before every such
 * statement, and the mark its last finished sync covered after each sync. So a main-thread connection that
 * reads a row the store thread committed, and then reads WRITES, holds a mark that covers that commit; and
 * waiting for SYNCED to reach it is waiting for the row to be on disk.
 *
 * 64-bit cells: a busy server starts about 100,000 writing statements a second, past 2^31 within a day.
 */
const WRITES = 0;
const SYNCED = 1;
/** 1 once the store thread can no longer make writes durable (or is gone): every waiter is refused. */
const FAILED = 2;
const CELLS = 3;

export function createDurabilityCells(): SharedArrayBuffer {
  return new SharedArrayBuffer(CELLS * BigInt64Array.BYTES_PER_ELEMENT);
}

/** The store thread's side: tells the main thread each mark as it is taken and each sync as it ends. */
export class DurabilityPublisher {
  private readonly cells: BigInt64Array;

  constructor(buffer: SharedArrayBuffer) {
    this.cells = new BigInt64Array(buffer);
  }

  writeStarting(mark: number): void {
    Atomics.store(this.cells, WRITES, BigInt(mark));
  }

  synced(mark: number): void {
    Atomics.store(this.cells, SYNCED, BigInt(mark));
    Atomics.notify(this.cells, SYNCED);
  }

  failed(): void {
    Atomics.store(this.cells, FAILED, 1n);
    Atomics.notify(this.cells, SYNCED);
  }
}

const settled = Promise.resolve();

/**
 * The main thread's side: the store thread's part of the `Durability` of a connection beside it
 * (`openDatabase`'s `besideWriter`). A tracked answer waits for the store thread's sync covering what its
 * statements could have seen; that connection's own writes are its own WAL sync's to wait for
 * (store/joint-durability.ts joins the two).
 */
export class StoreThreadDurability implements Durability {
  /** The cells, to give the store thread when it starts (messages.ts `StoreThreadData`). */
  readonly buffer: SharedArrayBuffer;
  private readonly cells: BigInt64Array;
  private readonly seen = new AsyncLocalStorage<{ mark: number }>();
  private failedWith: Error | null = null;

  constructor(buffer: SharedArrayBuffer = createDurabilityCells()) {
    this.buffer = buffer;
    this.cells = new BigInt64Array(buffer);
  }

  mark(): number {
    return Number(Atomics.load(this.cells, WRITES));
  }

  until(mark: number): Promise<void> {
    if (this.synced() >= mark) return settled;
    return this.wait(mark);
  }

  track<T>(answer: () => Promise<T>): Promise<T> {
    const seen = { mark: 0 };
    const result = this.seen.run(seen, answer);
    return result.then(
      (value) => this.until(seen.mark).then(() => value),
      (error: unknown) =>
        this.until(seen.mark).then(() => {
          throw error;
        }),
    );
  }

  untracked<T>(fn: () => T): T {
    return this.seen.exit(fn);
  }

  failure(): Error | null {
    if (this.failedWith) return this.failedWith;
    if (Atomics.load(this.cells, FAILED) === 0n) return null;
    this.failedWith = new Error('store thread: writes can no longer be made durable (see its log)');
    return this.failedWith;
  }

  /** After every statement on the main thread's connection: a tracked answer has seen every commit so far. */
  noteStatement(): void {
    const seen = this.seen.getStore();
    if (seen) seen.mark = this.mark();
  }

  /** The store thread is gone: nothing it wrote and had not synced can be promised any more. */
  fail(error: Error): void {
    this.failedWith ??= error;
    Atomics.store(this.cells, FAILED, 1n);
    Atomics.notify(this.cells, SYNCED);
  }

  private synced(): number {
    return Number(Atomics.load(this.cells, SYNCED));
  }

  private async wait(mark: number): Promise<void> {
    for (;;) {
      const failure = this.failure();
      if (failure) throw failure;
      const synced = Atomics.load(this.cells, SYNCED);
      if (Number(synced) >= mark) return;
      // Resolves once the store thread notifies after a sync (or at once if SYNCED moved meanwhile).
      const waiting = Atomics.waitAsync(this.cells, SYNCED, synced);
      if (waiting.async) await waiting.value;
    }
  }
}
