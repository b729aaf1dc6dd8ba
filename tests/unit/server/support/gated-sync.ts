import { fdatasync } from 'node:fs';
import type { Fsync } from '../../../../src-server/store/wal-sync.ts';

/**
 * The real fdatasync, held back until the test lets it go: what was written before a sync is on disk only
 * once the sync is done, and the test decides when that is.
 */
export function gatedSync() {
  const held: (() => void)[] = [];
  const requested: { calls: number; notify: () => void }[] = [];
  let failWith: Error | null = null;
  let open = false;
  let calls = 0;
  const fsync: Fsync = (fd, done) => {
    calls += 1;
    const run = () => (failWith ? done(Object.assign(failWith, { code: 'EIO' })) : fdatasync(fd, done));
    if (open) return run();
    held.push(run);
    for (const waiter of requested.filter((w) => w.calls <= calls)) {
      requested.splice(requested.indexOf(waiter), 1);
      waiter.notify();
    }
  };
  return {
    fsync,
    get calls() {
      return calls;
    },
    /** Resolves once a sync is being held (at once when one already is). */
    requested: () =>
      held.length > 0
        ? Promise.resolve()
        : new Promise<void>((resolve) => requested.push({ calls: calls + 1, notify: resolve })),
    /** Resolves once `count` syncs have been asked for in all. */
    asked: (count: number) =>
      calls >= count
        ? Promise.resolve()
        : new Promise<void>((resolve) => requested.push({ calls: count, notify: resolve })),
    /** Lets the held sync run. */
    releaseOne() {
      const next = held.shift();
      if (!next) throw new Error('no sync is held');
      next();
    },
    failNext(error: Error) {
      failWith = error;
    },
    /** Lets every sync run from now on (closing the store waits for one). */
    openGate() {
      open = true;
      for (const run of held.splice(0)) run();
    },
  };
}
