import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultNotificationPrefs } from '../../../../src-shared/domain.ts';
import { spawnServer } from '../../../support/server-process.ts';
import type { ServerProcess } from '../../../support/server-process.ts';
import { reconnect } from '../../../support/sessions.ts';
import { signUpClient } from '../../../support/test-client.ts';

let server: ServerProcess;
beforeAll(async () => {
  server = await spawnServer();
});
afterAll(async () => {
  await server?.cleanup();
});

describe('notification preferences', () => {
  it('start with every type on in every channel', async () => {
    const alice = await signUpClient(server.url, 'Alice');
    expect((await alice.request('prefs.get', {})).prefs).toEqual(defaultNotificationPrefs());
    await alice.close();
  });

  it('are stored whole, and the user’s other sessions learn each change', async () => {
    const laptop = await signUpClient(server.url, 'Alice');
    const desktop = await reconnect(laptop);
    const prefs = defaultNotificationPrefs();
    prefs.direct_messages.email = false;
    prefs.new_uploads = { email: false, desktop: false, in_app: true };

    expect((await laptop.request('prefs.set', { prefs })).prefs).toEqual(prefs);
    const told = await desktop.waitForEvent('prefs.updated');
    expect(told.prefs).toEqual(prefs);
    expect((await desktop.request('prefs.get', {})).prefs).toEqual(prefs);

    // Saving the same table again is not news; the next real change is.
    await laptop.request('prefs.set', { prefs });
    const next = structuredClone(prefs);
    next.new_follower.desktop = false;
    await laptop.request('prefs.set', { prefs: next });
    await desktop.waitForEvent('prefs.updated', (e) => !e.prefs.new_follower.desktop);
    const updates = desktop.events.filter((e) => e.event.type === 'prefs.updated');
    expect(updates).toHaveLength(2);
    await Promise.all([laptop.close(), desktop.close()]);
  });

  it('reject a partial table, naming what is missing', async () => {
    const alice = await signUpClient(server.url, 'Alice');
    const { new_uploads: _dropped, ...partial } = defaultNotificationPrefs();
    const error = await alice.expectError(
      'prefs.set',
      { prefs: partial as ReturnType<typeof defaultNotificationPrefs> },
      'VALIDATION_FAILED',
    );
    expect(error.issues?.map((i) => i.path)).toContain('prefs.new_uploads');
    expect((await alice.request('prefs.get', {})).prefs).toEqual(defaultNotificationPrefs());
    await alice.close();
  });

  it('the in-app switch decides whether a notification is recorded at all', async () => {
    const bob = await signUpClient(server.url, 'Bob');
    const prefs = defaultNotificationPrefs();
    prefs.new_follower.in_app = false;
    await bob.request('prefs.set', { prefs });
    const quiet = await signUpClient(server.url, 'Quiet');
    await quiet.request('users.follow', { userId: bob.userId });
    const inviter = await signUpClient(server.url, 'Inviter');
    await inviter.request('playlists.invite', { userId: bob.userId, playlistName: 'Late night' });

    await bob.waitForEvent('notification.created');
    const { notifications } = await bob.request('notifications.list', {});
    expect(notifications.map((n) => n.data.kind)).toEqual(['playlist_invite']);
    await Promise.all([bob.close(), quiet.close(), inviter.close()]);
  });
});
