import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { summarize } from '../lib/stats.ts';
import type { Summary } from '../lib/stats.ts';

/**
 * What one durable COMMIT costs on this disk: one-row transactions on a fresh SQLite file in WAL mode with
 * synchronous=FULL (the fsync inside COMMIT). The server commits without it and syncs the WAL off the event
 * loop before acking (src-server/store/wal-sync.ts): the same one sync per ack at best. The server cannot
 * ack a message faster than this, which is the context for its latency beside a relay that stores nothing.
 */
export function measureDurableCommit(count = 300): Summary {
  const dir = mkdtempSync(join(tmpdir(), 'beatpass-bench-disk-'));
  const db = new Database(join(dir, 'floor.sqlite'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('create table t (id integer primary key, body text not null)');
    const insert = db.prepare('insert into t (body) values (?)');
    const begin = db.prepare('begin');
    const commit = db.prepare('commit');
    const samples: number[] = [];
    for (let i = 0; i < count; i++) {
      const start = performance.now();
      begin.run();
      insert.run(`message ${i}: pulled the 808 back 2 dB and high-passed the pad at 150 Hz`);
      commit.run();
      samples.push(performance.now() - start);
    }
    return summarize(samples);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
