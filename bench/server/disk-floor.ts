import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { openLoop } from '../lib/open-loop.ts';
import { summarize } from '../lib/stats.ts';
import type { Summary } from '../lib/stats.ts';

/** What one durable COMMIT costs on this disk, measured two ways (see measureDiskFloor). */
export interface DiskFloor {
  /** At the latency scenario's rate, for as long as it measures: the figure issue 12's bound uses. */
  paced: Summary;
  /** 300 commits back to back, as this floor was first measured: kept in the notes for comparison. */
  burst: Summary;
  rate: number;
  durationMs: number;
}

const BURST_COMMITS = 300;
const BODY = 'pulled the 808 back 2 dB and high-passed the pad at 150 Hz';

/**
 * One-row transactions on a fresh SQLite file in WAL mode with synchronous=FULL (the fsync inside COMMIT).
 * The server commits without it and syncs the WAL off the event loop before acking
 * (src-server/store/wal-sync.ts): the same one sync per ack at best. The server cannot ack a message
 * faster than this, which is the context for its latency beside a relay that stores nothing.
 *
 * The bound uses the paced figure: commits at the scenario's rate for the scenario's length, taken just
 * before it. A disk's tail depends on how long and how hard it is asked (a shared virtual disk stalls now
 * and then for a few ms); 300 commits back to back take a tenth of a second, so their p99 is the third
 * slowest commit of a quiet moment, while the server's p99 is the hundredth slowest of ten seconds at
 * 1,000 syncs a second.
 */
export async function measureDiskFloor(options: { rate: number; durationMs: number }): Promise<DiskFloor> {
  const dir = mkdtempSync(join(tmpdir(), 'beatpass-bench-disk-'));
  const db = new Database(join(dir, 'floor.sqlite'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('create table t (id integer primary key, body text not null)');
    const insert = db.prepare('insert into t (body) values (?)');
    const begin = db.prepare('begin');
    const commit = db.prepare('commit');
    const timedCommit = (i: number): number => {
      const start = performance.now();
      begin.run();
      insert.run(`message ${i}: ${BODY}`);
      commit.run();
      return performance.now() - start;
    };

    const burst: number[] = [];
    for (let i = 0; i < BURST_COMMITS; i++) burst.push(timedCommit(i));

    // The same pacing as the latency scenario's senders.
    const paced: number[] = [];
    const total = Math.round((options.rate * options.durationMs) / 1000);
    await openLoop(options.rate, (i) => paced.push(timedCommit(BURST_COMMITS + i)), total).done;
    return { paced: summarize(paced), burst: summarize(burst), ...options };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
