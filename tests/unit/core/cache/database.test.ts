import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openCacheDatabase, SCHEMA_VERSION } from '../../../../src-main/core/cache/database.ts';
import { MIGRATIONS } from '../../../../src-main/core/cache/migrations/index.ts';
import { AppError } from '../../../../src-shared/errors.ts';

const dirs: string[] = [];
const tempFile = () => {
  const dir = mkdtempSync(join(tmpdir(), 'cache-test-'));
  dirs.push(dir);
  return join(dir, 'cache.sqlite');
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('cache database', () => {
  it('numbers migrations 1, 2, 3, … with no gaps, and the schema version is the last', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(SCHEMA_VERSION).toBe(MIGRATIONS.length);
  });

  it('creates a WAL-mode file at the current schema version, and reopens it without migrating again', () => {
    const path = tempFile();
    const db = openCacheDatabase({ path });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.prepare("INSERT INTO meta (key, value) VALUES ('k', 'v')").run();
    db.close();
    const again = openCacheDatabase({ path });
    expect(again.prepare("SELECT value FROM meta WHERE key = 'k'").get()).toEqual({ value: 'v' });
    again.close();
  });

  it('refuses a cache from a newer app version with a clear message, and leaves it untouched', () => {
    const path = tempFile();
    const newer = new Database(path);
    newer.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    newer.exec('CREATE TABLE future (x INTEGER) STRICT');
    newer.close();
    let error: unknown;
    try {
      openCacheDatabase({ path });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('CACHE_TOO_NEW');
    expect((error as AppError).message).toMatch(/newer version/);
    const check = new Database(path);
    expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 1);
    check.close();
  });

  it('rebuilds a newer cache when allowed (the user agreed, or the cache is marked disposable)', () => {
    const path = tempFile();
    const newer = new Database(path);
    newer.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    newer.close();
    const db = openCacheDatabase({ path, onNewerSchema: 'rebuild' });
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.prepare("SELECT name FROM sqlite_schema WHERE name = 'messages'").get()).toEqual({
      name: 'messages',
    });
    db.close();
  });
});
