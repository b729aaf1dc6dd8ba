import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeModerator, runAdmin, usernameOf } from '../../../support/admin.ts';
import { spawnServer } from '../../../support/server-process.ts';
import type { ServerProcess } from '../../../support/server-process.ts';
import { signUpClient } from '../../../support/test-client.ts';
import { MISSING_ID, closeAll, eventsOf, setInApp, settle } from './helpers.ts';

let server: ServerProcess;
beforeAll(async () => {
  server = await spawnServer();
});
afterAll(async () => {
  await server.cleanup();
});

describe('user follows', () => {
  it('rejects following or unfollowing yourself with CANNOT_FOLLOW_SELF, and unknown users with NOT_FOUND', async () => {
    const alice = await signUpClient(server.url, 'alice');
    await alice.expectError('users.follow', { userId: alice.userId }, 'CANNOT_FOLLOW_SELF');
    await alice.expectError('users.unfollow', { userId: alice.userId }, 'CANNOT_FOLLOW_SELF');
    await alice.expectError('users.follow', { userId: MISSING_ID }, 'NOT_FOUND');
    await alice.expectError('users.unfollow', { userId: MISSING_ID }, 'NOT_FOUND');
    await alice.expectError('users.get', { userId: MISSING_ID }, 'NOT_FOUND');
    await alice.expectError('users.followers', { userId: MISSING_ID }, 'NOT_FOUND');
    await alice.expectError('users.following', { userId: MISSING_ID }, 'NOT_FOUND');
    await alice.close();
  });

  it('a follow reaches both users as follow.changed, and the followee gets a new_follower notification', async () => {
    const alice = await signUpClient(server.url, 'alice');
    const bob = await signUpClient(server.url, 'bob');
    const { user } = await alice.request('users.follow', { userId: bob.userId });
    expect(user).toMatchObject({
      id: bob.userId,
      followedByMe: true,
      followsMe: false,
      followersCount: 1,
      followingCount: 0,
    });

    const expected = {
      type: 'follow.changed',
      followerId: alice.userId,
      followeeId: bob.userId,
      following: true,
    };
    expect(await bob.waitForEvent('follow.changed')).toEqual(expected);
    expect(await alice.waitForEvent('follow.changed')).toEqual(expected);
    const { notification } = await bob.waitForEvent('notification.created');
    expect(notification.data).toEqual({
      kind: 'new_follower',
      follower: expect.objectContaining({ id: alice.userId, username: usernameOf(alice) }),
    });
    expect(notification.readAt).toBeNull();

    const seenByBob = await bob.request('users.get', { userId: alice.userId });
    expect(seenByBob.user).toMatchObject({
      followedByMe: false,
      followsMe: true,
      followersCount: 0,
      followingCount: 1,
    });
    await closeAll(alice, bob);
  });

  it('follow and unfollow are idempotent: repeats change nothing and announce nothing', async () => {
    const alice = await signUpClient(server.url, 'alice');
    const bob = await signUpClient(server.url, 'bob');
    await alice.request('users.follow', { userId: bob.userId });
    const again = await alice.request('users.follow', { userId: bob.userId });
    expect(again.user).toMatchObject({ followedByMe: true, followersCount: 1 });

    const unfollowed = await alice.request('users.unfollow', { userId: bob.userId });
    expect(unfollowed.user).toMatchObject({ followedByMe: false, followersCount: 0 });
    const twice = await alice.request('users.unfollow', { userId: bob.userId });
    expect(twice.user).toMatchObject({ followedByMe: false, followersCount: 0 });

    await bob.waitForEvent('follow.changed', (e) => !e.following);
    await settle(bob);
    expect(eventsOf(bob, 'follow.changed').map((e) => e.following)).toEqual([true, false]);
    expect(eventsOf(bob, 'notification.created')).toHaveLength(1);
    await closeAll(alice, bob);
  });

  it('lists followers and following, most recent first', async () => {
    const star = await signUpClient(server.url, 'star');
    const fan1 = await signUpClient(server.url, 'fan1');
    const fan2 = await signUpClient(server.url, 'fan2');
    await fan1.request('users.follow', { userId: star.userId });
    await fan2.request('users.follow', { userId: star.userId });
    await fan2.request('users.follow', { userId: fan1.userId });

    const followers = await fan1.request('users.followers', { userId: star.userId });
    expect(followers.users.map((u) => u.id)).toEqual([fan2.userId, fan1.userId]);
    const following = await star.request('users.following', { userId: fan2.userId });
    expect(following.users.map((u) => u.id)).toEqual([fan1.userId, star.userId]);
    expect((await star.request('users.following', { userId: star.userId })).users).toEqual([]);
    const profile = await star.request('users.get', { userId: fan2.userId });
    expect(profile.user).toMatchObject({ followersCount: 0, followingCount: 2 });
    await closeAll(star, fan1, fan2);
  });

  it('honours the new_follower in-app preference: the follow happens, the notification does not', async () => {
    const alice = await signUpClient(server.url, 'alice');
    const bob = await signUpClient(server.url, 'bob');
    await setInApp(bob, 'new_follower', false);
    await alice.request('users.follow', { userId: bob.userId });
    await bob.waitForEvent('follow.changed');
    await settle(bob);
    expect(eventsOf(bob, 'notification.created')).toEqual([]);
    const { notifications } = await bob.request('notifications.list', {});
    expect(notifications).toEqual([]);
    await closeAll(alice, bob);
  });

  it('shows community-muted state to moderators only', async () => {
    const muted = await signUpClient(server.url, 'muted');
    const viewer = await signUpClient(server.url, 'viewer');
    const moderator = await signUpClient(server.url, 'mod');
    await runAdmin(server, ['set-muted', usernameOf(muted), 'true']);
    await makeModerator(server, moderator);

    expect((await viewer.request('users.get', { userId: muted.userId })).user.communityMuted).toBe(false);
    expect((await moderator.request('users.get', { userId: muted.userId })).user.communityMuted).toBe(true);
    expect((await moderator.request('users.get', { userId: viewer.userId })).user.communityMuted).toBe(false);
    expect((await muted.request('me.get', {})).me.communityMuted).toBe(true);
    await closeAll(muted, viewer, moderator);
  });
});
