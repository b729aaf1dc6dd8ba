import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfSettingsStore } from '../../../src-main/core/settings/conf-settings-store.ts';
import { TestCore, useServer } from './harness.ts';

/**
 * Every file that holds someone's data (the cache and its WAL and SHM, settings, the session) is created
 * 0600 and its folder 0700, even under a permissive umask, and an older, world-readable cache is narrowed
 * when it is opened.
 */
const env = useServer();
const root = mkdtempSync(join(tmpdir(), 'file-modes-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Every file and folder under `dir`, with its permission bits. */
function modes(dir: string): Map<string, number> {
  const found = new Map<string, number>();
  for (const name of readdirSync(dir, { recursive: true })) {
    const path = join(dir, String(name));
    found.set(String(name), statSync(path).mode & 0o777);
  }
  return found;
}

function coreIn(dataDir: string): TestCore {
  return new TestCore(env.server.url, { dataDir, settings: new ConfSettingsStore({ cwd: dataDir }) });
}

describe('files holding user data', () => {
  it('are 0600 in a 0700 folder, even with umask 022; an old 0644 cache is narrowed at open', async () => {
    const previous = process.umask(0o022);
    try {
      const dataDir = join(root, 'profile', 'data');
      const app = coreIn(dataDir);
      env.track(app);
      app.core.start();
      const caughtUp = app.core.trace.waitFor('caught-up');
      await app.call('session.signUp', {
        username: `modes${Math.random().toString(36).slice(2, 8)}`,
        displayName: 'Modes',
        password: 'correct horse',
      });
      await caughtUp;
      await app.call('settings.set', { theme: 'light' });
      await app.call('drafts.set', { conversationId: 'c1', body: 'a draft is user data too' });
      const files = modes(dataDir);
      expect([...files.keys()].sort()).toEqual(
        expect.arrayContaining([
          'cache.sqlite',
          'cache.sqlite-wal',
          'cache.sqlite-shm',
          'session.json',
          'settings.json',
        ]),
      );
      for (const [name, mode] of files) expect([name, mode.toString(8)]).toEqual([name, '600']);
      expect((statSync(dataDir).mode & 0o777).toString(8)).toBe('700');

      // An older version left the cache world-readable: opening it narrows it, and the WAL and SHM that
      // SQLite creates next take its mode.
      app.close();
      chmodSync(join(dataDir, 'cache.sqlite'), 0o644);
      app.restart();
      await app.call('drafts.set', { conversationId: 'c1', body: 'written again' });
      const reopened = modes(dataDir);
      expect(reopened.has('cache.sqlite-wal')).toBe(true);
      for (const [name, mode] of reopened) expect([name, mode.toString(8)]).toEqual([name, '600']);
    } finally {
      process.umask(previous);
    }
  });
});
