import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src-server/store/database.ts';
import type { OpenedDatabase } from '../../../src-server/store/database.ts';

// WAL checkpoints in a worker thread (store/wal-checkpointer.ts), on real SQLite files.

let dir: string;
let file: string;
let store: OpenedDatabase | null;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wal-'));
  file = join(dir, 'server.sqlite');
  // The server's default rewinds at 16,000 pages (64 MiB); the bound is the same mechanism at a size a
  // test can write through in a second or two.
  store = await openDatabase(file, { walRewindFrames: 4_000 });
  await sql`create table blobs (id integer primary key, body text not null)`.execute(store.db);
});

afterEach(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

const size = (path: string) => (existsSync(path) ? statSync(path).size : 0);
const PAGE = 4096;

/** `count` transactions of `rowsEach` rows of about a page each, as the server writes: BEGIN … COMMIT. */
async function write(db: OpenedDatabase['db'], count: number, rowsEach: number, pauseMs = 0): Promise<void> {
  const body = 'x'.repeat(PAGE - 200);
  for (let i = 0; i < count; i += 1) {
    await db.transaction().execute(async (trx) => {
      for (let r = 0; r < rowsEach; r += 1) await sql`insert into blobs (body) values (${body})`.execute(trx);
    });
    if (pauseMs > 0) await sleep(pauseMs);
  }
}

const until = async (check: () => boolean, what: string) => {
  for (let waited = 0; !check(); waited += 20) {
    if (waited > 5_000) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
};

describe('WAL checkpointer', () => {
  it('copies committed pages into the database file without the writer checkpointing', async () => {
    const db = store!.db;
    const [setting] = (await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(db)).rows;
    expect(setting?.wal_autocheckpoint).toBe(0);
    const before = size(file);
    await write(db, 10, 20); // ~200 pages, far below SQLite's own 1,000-page trigger
    await until(() => size(file) >= before + 150 * PAGE, 'the database file to grow');
  });

  it('keeps the WAL bounded under sustained writes: the log restarts instead of growing', async () => {
    const db = store!.db;
    // ~12,000 pages (≈ 48 MiB) through the log over a second or two; without rewinds the WAL would hold
    // them all. With them it stays near 4,000 pages (16 MiB) plus what is written while a checkpoint runs.
    await write(db, 120, 100, 10);
    expect(size(`${file}-wal`)).toBeLessThan(32 * 1024 * 1024);
    const [row] = (await sql<{ n: number }>`select count(*) as n from blobs`.execute(db)).rows;
    expect(Number(row?.n)).toBe(12_000);
    // 48 MiB of durable commits: well under a second on an idle disk, far more on a shared, busy one.
  }, 60_000);

  it('leaves no WAL behind on close, everything in the database file', async () => {
    await write(store!.db, 5, 10);
    await store!.close();
    store = null;
    expect(size(`${file}-wal`)).toBe(0);
    const reopened = await openDatabase(file);
    try {
      const [row] = (await sql<{ n: number }>`select count(*) as n from blobs`.execute(reopened.db)).rows;
      expect(Number(row?.n)).toBe(50);
    } finally {
      await reopened.close();
    }
  });
});
