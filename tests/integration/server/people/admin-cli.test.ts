import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProducer, runAdmin, runAdminRaw, usernameOf } from '../../../support/admin.ts';
import { spawnServer } from '../../../support/server-process.ts';
import type { ServerProcess } from '../../../support/server-process.ts';
import { signUpClient } from '../../../support/test-client.ts';
import { closeAll } from './helpers.ts';

let server: ServerProcess;
beforeAll(async () => {
  server = await spawnServer();
});
afterAll(async () => {
  await server.cleanup();
});

describe('admin CLI', () => {
  it('set-role makes a moderator while the server runs; the change is in the event log for every session', async () => {
    const user = await signUpClient(server.url, 'soonmod');
    const follower = await signUpClient(server.url, 'follower');
    const result = await runAdmin<{ me: { role: string } }>(server, [
      'set-role',
      usernameOf(user),
      'moderator',
    ]);
    expect(result.me.role).toBe('moderator');
    expect((await user.request('me.get', {})).me.role).toBe('moderator');

    // The CLI cannot wake the server's sockets, but the next event does, and the gap is filled from the log.
    await follower.request('users.follow', { userId: user.userId });
    await user.waitForEvent('follow.changed');
    const kinds = user.events.map((e) => e.event.type);
    expect(kinds.indexOf('me.updated')).toBeGreaterThanOrEqual(0);
    expect(kinds.indexOf('me.updated')).toBeLessThan(kinds.indexOf('follow.changed'));

    // A session that resumes from before the change gets it in the replay.
    const resumeFrom = user.events.find((e) => e.event.type === 'me.updated')!.seq - 1;
    await user.close();
    const before = user.frames.length;
    await user.connect(resumeFrom);
    const replayed = await user.waitForEvent('me.updated', () => true, before);
    expect(replayed.me.role).toBe('moderator');
    await closeAll(user, follower);
  });

  it('answers bad usage with exit code 2 and failed actions with exit code 1, naming the problem', async () => {
    const user = await signUpClient(server.url, 'plain');
    const badRole = await runAdminRaw(server, ['set-role', usernameOf(user), 'admin']);
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toMatch(/unknown role "admin"/);
    expect((await runAdminRaw(server, ['set-role', 'nobody_here', 'moderator'])).stderr).toMatch(/NOT_FOUND/);
    expect((await runAdminRaw(server, ['set-role', usernameOf(user)])).code).toBe(2);
    expect((await runAdminRaw(server, ['launch-rockets'])).code).toBe(2);
    expect((await runAdminRaw(server, ['set-muted', usernameOf(user), 'maybe'])).code).toBe(2);
    expect((await runAdminRaw(server, ['create-producer', '--slug', 'no-name'])).code).toBe(2);
    expect((await runAdminRaw(server, ['--no-such-flag'])).code).toBe(2);
    expect((await user.request('me.get', {})).me.role).toBe('user');
    await user.close();
  });

  it('refuses a data folder with no database rather than creating an empty one', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'beatpass-admin-empty-'));
    try {
      const run = await runAdminRaw({ dataDir: empty, database: undefined }, [
        'set-role',
        'someone',
        'moderator',
      ]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/no database/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('create-producer refuses a taken slug, a bad slug, and a second claim by the same user', async () => {
    const owner = await signUpClient(server.url, 'owner');
    await createProducer(server, 'First Claim', owner);
    const slug = `taken-${Date.now()}`;
    await runAdmin(server, ['create-producer', '--name', 'Taken', '--slug', slug]);
    const taken = await runAdminRaw(server, ['create-producer', '--name', 'Again', '--slug', slug]);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toMatch(/taken/);
    expect(
      (await runAdminRaw(server, ['create-producer', '--name', 'Bad', '--slug', 'Not A Slug'])).stderr,
    ).toMatch(/Invalid slug/);
    const second = await runAdminRaw(server, [
      'create-producer',
      '--name',
      'Second',
      '--slug',
      `${slug}-2`,
      '--claimed-by',
      usernameOf(owner),
    ]);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/already claimed/);
    await owner.close();
  });
});
