import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfSettingsStore } from '../../../src-main/core/settings/conf-settings-store.ts';
import { spawnServer } from '../../support/server-process.ts';
import type { ServerProcess } from '../../support/server-process.ts';
import { signUpClient } from '../../support/test-client.ts';
import { TestCore, useServer } from './harness.ts';

const env = useServer();
let other: ServerProcess;
beforeAll(async () => {
  other = await spawnServer();
});
afterAll(async () => {
  await other.cleanup();
});

describe('choosing the server at sign-in', () => {
  it('signs up on the chosen server, remembers it across restarts, and refuses a change while signed in', async () => {
    // Settings in their real file, so the choice has to survive the restart on disk.
    const dataDir = mkdtempSync(join(tmpdir(), 'beatpass-core-'));
    const app = new TestCore(env.server.url, { dataDir, settings: new ConfSettingsStore({ cwd: dataDir }) });
    env.track(app);
    app.core.start();
    expect(await app.call('server.get', {})).toEqual({
      url: env.server.url,
      defaultUrl: env.server.url,
      embedded: false,
      insecure: false,
    });
    expect(await app.failure('server.set', { url: 'ftp://nope' })).toBe('VALIDATION_FAILED');
    // Plain http:// to another computer needs the person's confirmation, and stays marked insecure.
    expect(await app.failure('server.set', { url: 'http://chat.example.com' })).toBe('INSECURE_SERVER');
    expect(await app.call('server.set', { url: 'http://chat.example.com', allowInsecure: true })).toEqual({
      url: 'http://chat.example.com',
      defaultUrl: env.server.url,
      embedded: false,
      insecure: true,
    });

    expect(await app.call('server.set', { url: `${other.url}/` })).toEqual({
      url: other.url,
      defaultUrl: env.server.url,
      embedded: false,
      insecure: false,
    });
    const caughtUp = app.core.trace.waitFor('caught-up');
    const { me } = await app.call('session.signUp', {
      username: `chooser${Date.now() % 1e6}`,
      displayName: 'Chooser',
      password: 'correct horse',
    });
    await caughtUp;

    // The account exists on the chosen server: someone there can find and message it.
    const there = await signUpClient(other.url, 'peer');
    const found = await there.request('users.search', { query: 'chooser' });
    expect(found.users.map((u) => u.id)).toContain(me?.id);
    await there.close();

    expect(await app.failure('server.set', { url: null })).toBe('FORBIDDEN');
    const restarted = app.restart();
    expect(restarted.account.serverInfo().url).toBe(other.url);
    expect(restarted.me?.id).toBe(me?.id);

    await app.call('session.signOut', {});
    expect(await app.call('server.set', { url: null })).toEqual({
      url: env.server.url,
      defaultUrl: env.server.url,
      embedded: false,
      insecure: false,
    });
  });
});
