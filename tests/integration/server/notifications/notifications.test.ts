import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnServer } from '../../../support/server-process.ts';
import type { ServerProcess } from '../../../support/server-process.ts';
import { reconnect } from '../../../support/sessions.ts';
import type { TestClient } from '../../../support/test-client.ts';
import { signUpClient } from '../../../support/test-client.ts';

let server: ServerProcess;
beforeAll(async () => {
  server = await spawnServer();
});
afterAll(async () => {
  await server?.cleanup();
});

/** Bob gets `followers` new-follower notifications, then one playlist invite (the newest). */
async function bobWithNotifications(followers: number) {
  const bob = await signUpClient(server.url, 'Bob');
  const others: TestClient[] = [];
  for (let i = 0; i < followers; i += 1) {
    const fan = await signUpClient(server.url, `Fan${i}`);
    await fan.request('users.follow', { userId: bob.userId });
    others.push(fan);
  }
  const inviter = await signUpClient(server.url, 'Inviter');
  await inviter.request('playlists.invite', { userId: bob.userId, playlistName: 'Beats' });
  others.push(inviter);
  await bob.waitForEvent('notification.created', (e) => e.notification.data.kind === 'playlist_invite');
  return {
    bob,
    fans: others.slice(0, followers),
    inviter,
    closeAll: () => Promise.all([bob, ...others].map((c) => c.close())),
  };
}

describe('in-app notifications', () => {
  it('list newest first with the unread count, and page back with `before`', async () => {
    const { bob, fans, closeAll } = await bobWithNotifications(4);
    const all = await bob.request('notifications.list', {});
    expect(all.unreadCount).toBe(5);
    expect(all.notifications.map((n) => n.data.kind)).toEqual([
      'playlist_invite',
      'new_follower',
      'new_follower',
      'new_follower',
      'new_follower',
    ]);
    const followerIds = all.notifications.flatMap((n) =>
      n.data.kind === 'new_follower' ? [n.data.follower.id] : [],
    );
    expect(followerIds).toEqual(fans.map((f) => f.userId).reverse());
    expect(all.notifications.every((n) => n.readAt === null)).toBe(true);

    const first = await bob.request('notifications.list', { limit: 2 });
    const lastOfFirst = first.notifications.at(-1);
    expect(first.notifications.map((n) => n.id)).toEqual(all.notifications.slice(0, 2).map((n) => n.id));
    const rest = await bob.request('notifications.list', { limit: 10, before: lastOfFirst?.id });
    expect(rest.notifications.map((n) => n.id)).toEqual(all.notifications.slice(2).map((n) => n.id));
    expect(rest.unreadCount).toBe(5);
    await closeAll();
  });

  it('mark read by id or all at once; the user’s sessions learn the new count', async () => {
    const { bob, closeAll } = await bobWithNotifications(2);
    const phone = await reconnect(bob);
    const { notifications } = await bob.request('notifications.list', {});
    const [newest, second] = notifications;
    if (!newest || !second) throw new Error('expected notifications');

    expect(await bob.request('notifications.markRead', { ids: [newest.id] })).toEqual({ unreadCount: 2 });
    expect((await phone.waitForEvent('notifications.read')).unreadCount).toBe(2);
    const listed = await bob.request('notifications.list', {});
    expect(listed.notifications[0]?.readAt).toBeGreaterThan(0);
    expect(listed.notifications[1]?.readAt).toBeNull();

    expect(await bob.request('notifications.markRead', {})).toEqual({ unreadCount: 0 });
    expect((await phone.waitForEvent('notifications.read', (e) => e.unreadCount === 0)).unreadCount).toBe(0);
    expect((await bob.request('notifications.list', {})).notifications.every((n) => n.readAt !== null)).toBe(
      true,
    );

    // Nothing left to mark: same answer, no event.
    expect(await bob.request('notifications.markRead', { ids: [second.id] })).toEqual({ unreadCount: 0 });
    await bob.request('notifications.markRead', {});
    await phone.request('me.get', {}); // anything sent to the phone before this answer has arrived
    expect(phone.events.filter((e) => e.event.type === 'notifications.read')).toHaveLength(2);
    await Promise.all([closeAll(), phone.close()]);
  });

  it('someone else’s notification ids change nothing', async () => {
    const { bob, closeAll } = await bobWithNotifications(1);
    const mallory = await signUpClient(server.url, 'Mallory');
    const ids = (await bob.request('notifications.list', {})).notifications.map((n) => n.id);
    expect(await mallory.request('notifications.markRead', { ids })).toEqual({ unreadCount: 0 });
    expect((await bob.request('notifications.list', {})).unreadCount).toBe(2);
    await Promise.all([closeAll(), mallory.close()]);
  });

  it('a message request notifies its recipient', async () => {
    const alice = await signUpClient(server.url, 'Alice');
    const bob = await signUpClient(server.url, 'Bob');
    const { conversation } = await alice.request('conversations.startDirect', { userId: bob.userId });
    await alice.request('messages.send', {
      conversationId: conversation.id,
      clientId: 'request-0001',
      body: 'yo',
    });
    const created = await bob.waitForEvent('notification.created');
    expect(created.notification.data).toMatchObject({
      kind: 'message_request',
      from: { id: alice.userId },
      conversationId: conversation.id,
    });
    const { notifications, unreadCount } = await bob.request('notifications.list', {});
    expect(unreadCount).toBe(1);
    expect(notifications[0]?.id).toBe(created.notification.id);
    await Promise.all([alice.close(), bob.close()]);
  });
});
