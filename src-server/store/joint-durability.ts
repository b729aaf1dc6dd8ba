import type { Durability } from './durability.ts';

/**
 * The `Durability` of the main thread's connection beside the store thread. Its own writes (sessions,
 * sign-ups, the demo's set-up) are synced off its event loop by its own WAL sync (wal-sync.ts), and what
 * it reads may be the store thread's rows, synced by that thread (store-thread/shared-durability.ts):
 * whoever waits here waits for both.
 *
 * Marks are this connection's own. `until(mark)` also waits for everything the store thread had started
 * writing when it was called, which covers every row of that thread's the caller could have read before.
 */
export class JointDurability implements Durability {
  private readonly own: Durability;
  private readonly storeThread: Durability;

  constructor(own: Durability, storeThread: Durability) {
    this.own = own;
    this.storeThread = storeThread;
  }

  mark(): number {
    return this.own.mark();
  }

  async until(mark: number): Promise<void> {
    await Promise.all([this.own.until(mark), this.storeThread.until(this.storeThread.mark())]);
  }

  track<T>(answer: () => Promise<T>): Promise<T> {
    return this.own.track(() => this.storeThread.track(answer));
  }

  untracked<T>(fn: () => T): T {
    return this.own.untracked(() => this.storeThread.untracked(fn));
  }

  failure(): Error | null {
    return this.own.failure() ?? this.storeThread.failure();
  }
}
