/**
 * When the store's writes are on disk, for whoever is about to tell a client about them.
 *
 * The server never shows a client anything that a crash could take back: an ack, an answer built from
 * rows, an event. On PostgreSQL (and on a SQLite connection with `synchronous=FULL`) a COMMIT returns once
 * it is durable, so everything read is durable and these calls have nothing to wait for. The server's
 * SQLite connection commits without the fsync and syncs its WAL off the event loop instead
 * (`wal-sync.ts`): there, whatever a client hears about first waits for the sync that covers it.
 */
export interface Durability {
  /** How far the store's writes go now; `until(mark())` waits for all of them. */
  mark(): number;
  /** Resolves once every write up to `mark` is on disk; rejects when that can no longer be promised. */
  until(mark: number): Promise<void>;
  /**
   * Runs `answer` and settles as it does, but only once every write it made or read (any statement run in
   * its asynchronous context) is on disk: an answer never shows what a crash could take back.
   */
  track<T>(answer: () => Promise<T>): Promise<T>;
  /**
   * Runs `fn` outside any tracked answer: work that answers for itself (the group commit's drain, which
   * several answers share) would otherwise count as the statements of the answer that happened to start it.
   */
  untracked<T>(fn: () => T): T;
  /** Why writes can no longer be made durable (a failed fsync), or null. The readiness check reports it. */
  failure(): Error | null;
}

const settled = Promise.resolve();

/** For stores whose COMMIT returns once durable: nothing is ever waited for. */
export const durableOnCommit: Durability = {
  mark: () => 0,
  until: () => settled,
  track: (answer) => answer(),
  untracked: (fn) => fn(),
  failure: () => null,
};

/** Resolves once everything written so far is durable. */
export function allWritesDurable(durability: Durability): Promise<void> {
  return durability.until(durability.mark());
}
