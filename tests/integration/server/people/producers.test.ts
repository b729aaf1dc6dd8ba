import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProducer, runAdmin, usernameOf } from '../../../support/admin.ts';
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

describe('producer pages', () => {
  it('shows a page with its claiming account; claiming makes the account a producer', async () => {
    const owner = await signUpClient(server.url, 'owner');
    const viewer = await signUpClient(server.url, 'viewer');
    const producerId = await createProducer(server, 'Night Owl', owner);
    const unclaimedId = await createProducer(server, 'Nobody Yet');

    const { producer } = await viewer.request('producers.get', { producerId });
    expect(producer).toMatchObject({
      id: producerId,
      name: 'Night Owl',
      bio: 'Night Owl makes beats.',
      followersCount: 0,
      followedByMe: false,
    });
    expect(producer.claimedBy).toMatchObject({
      id: owner.userId,
      role: 'producer',
      producerPageId: producerId,
      producerName: 'Night Owl',
    });
    expect(
      (await viewer.request('producers.get', { producerId: unclaimedId })).producer.claimedBy,
    ).toBeNull();
    expect((await owner.request('me.get', {})).me).toMatchObject({
      role: 'producer',
      producerPageId: producerId,
    });
    await viewer.expectError('producers.get', { producerId: MISSING_ID }, 'NOT_FOUND');
    await closeAll(owner, viewer);
  });

  it('follow (like) and unfollow are idempotent and counted', async () => {
    const fan = await signUpClient(server.url, 'fan');
    const other = await signUpClient(server.url, 'other');
    const producerId = await createProducer(server, 'Loop Smith');

    expect((await fan.request('producers.follow', { producerId })).producer).toMatchObject({
      followersCount: 1,
      followedByMe: true,
    });
    expect((await fan.request('producers.follow', { producerId })).producer).toMatchObject({
      followersCount: 1,
      followedByMe: true,
    });
    expect((await other.request('producers.get', { producerId })).producer).toMatchObject({
      followersCount: 1,
      followedByMe: false,
    });
    expect((await fan.request('producers.unfollow', { producerId })).producer).toMatchObject({
      followersCount: 0,
      followedByMe: false,
    });
    expect((await fan.request('producers.unfollow', { producerId })).producer).toMatchObject({
      followersCount: 0,
      followedByMe: false,
    });

    await fan.expectError('producers.follow', { producerId: MISSING_ID }, 'NOT_FOUND');
    await fan.expectError('producers.unfollow', { producerId: MISSING_ID }, 'NOT_FOUND');
    await fan.expectError('producers.followers', { producerId: MISSING_ID }, 'NOT_FOUND');
    await closeAll(fan, other);
  });

  it("lists a page's followers and the caller's liked producers, most recent first", async () => {
    const fan1 = await signUpClient(server.url, 'fan1');
    const fan2 = await signUpClient(server.url, 'fan2');
    const first = await createProducer(server, 'First Page');
    const second = await createProducer(server, 'Second Page');
    await fan1.request('producers.follow', { producerId: first });
    await fan2.request('producers.follow', { producerId: first });
    await fan1.request('producers.follow', { producerId: second });

    const followers = await fan2.request('producers.followers', { producerId: first });
    expect(followers.users.map((u) => u.id)).toEqual([fan2.userId, fan1.userId]);
    const liked = await fan1.request('producers.liked', {});
    expect(liked.producers.map((p) => [p.id, p.followedByMe])).toEqual([
      [second, true],
      [first, true],
    ]);
    expect((await fan1.request('producers.liked', {})).producers[1]?.followersCount).toBe(2);
    await closeAll(fan1, fan2);
  });
});

describe('producers.publishUpload', () => {
  it('only the account that claimed the page may publish: NOT_PAGE_OWNER otherwise, NOT_FOUND for no page', async () => {
    const owner = await signUpClient(server.url, 'owner');
    const stranger = await signUpClient(server.url, 'stranger');
    const producerId = await createProducer(server, 'Owned Page', owner);
    const unclaimedId = await createProducer(server, 'Open Page');
    await stranger.expectError(
      'producers.publishUpload',
      { producerId, title: 'Not mine' },
      'NOT_PAGE_OWNER',
    );
    await owner.expectError(
      'producers.publishUpload',
      { producerId: unclaimedId, title: 'Not mine either' },
      'NOT_PAGE_OWNER',
    );
    await owner.expectError(
      'producers.publishUpload',
      { producerId: MISSING_ID, title: 'Nowhere' },
      'NOT_FOUND',
    );
    await owner.expectError('producers.publishUpload', { producerId, title: '   ' }, 'VALIDATION_FAILED');
    await closeAll(owner, stranger);
  });

  it('tells each follower with New Uploads on, and nobody else', async () => {
    const owner = await signUpClient(server.url, 'owner');
    const fan = await signUpClient(server.url, 'fan');
    const quietFan = await signUpClient(server.url, 'quietfan');
    const bystander = await signUpClient(server.url, 'bystander');
    const producerId = await createProducer(server, 'Bass Forge', owner);
    await fan.request('producers.follow', { producerId });
    await quietFan.request('producers.follow', { producerId });
    // The owner liking their own page does not notify them of their own upload.
    await owner.request('producers.follow', { producerId });
    await setInApp(quietFan, 'new_uploads', false);

    const { uploadId } = await owner.request('producers.publishUpload', {
      producerId,
      title: '  Night Drive  ',
    });
    const { notification } = await fan.waitForEvent('notification.created');
    expect(notification.data).toEqual({
      kind: 'new_upload',
      producerPageId: producerId,
      producerName: 'Bass Forge',
      uploadId,
      title: 'Night Drive',
    });

    await Promise.all([settle(quietFan), settle(bystander), settle(owner)]);
    for (const client of [quietFan, bystander, owner])
      expect(eventsOf(client, 'notification.created')).toEqual([]);
    await closeAll(owner, fan, quietFan, bystander);
  });
});

describe('playlists.invite', () => {
  it('creates the playlist and notifies the invited user', async () => {
    const host = await signUpClient(server.url, 'host');
    const guest = await signUpClient(server.url, 'guest');
    const { playlistId } = await host.request('playlists.invite', {
      userId: guest.userId,
      playlistName: '  Late Night  ',
    });
    const { notification } = await guest.waitForEvent('notification.created');
    expect(notification.data).toEqual({
      kind: 'playlist_invite',
      from: expect.objectContaining({ id: host.userId, username: usernameOf(host) }),
      playlistId,
      playlistName: 'Late Night',
    });
    await closeAll(host, guest);
  });

  it('rejects yourself (VALIDATION_FAILED), unknown users (NOT_FOUND) and community-muted senders (COMMUNITY_MUTED)', async () => {
    const host = await signUpClient(server.url, 'host');
    const guest = await signUpClient(server.url, 'guest');
    const error = await host.expectError(
      'playlists.invite',
      { userId: host.userId, playlistName: 'Solo' },
      'VALIDATION_FAILED',
    );
    expect(error.issues).toEqual([{ path: 'userId', message: 'cannot be yourself' }]);
    await host.expectError('playlists.invite', { userId: MISSING_ID, playlistName: 'Ghosts' }, 'NOT_FOUND');
    await host.expectError(
      'playlists.invite',
      { userId: guest.userId, playlistName: ' ' },
      'VALIDATION_FAILED',
    );
    await runAdmin(server, ['set-muted', usernameOf(host), 'true']);
    await host.expectError(
      'playlists.invite',
      { userId: guest.userId, playlistName: 'Muted mix' },
      'COMMUNITY_MUTED',
    );
    await settle(guest);
    expect(eventsOf(guest, 'notification.created')).toEqual([]);
    await closeAll(host, guest);
  });

  it('honours the Playlist Invites in-app preference', async () => {
    const host = await signUpClient(server.url, 'host');
    const guest = await signUpClient(server.url, 'guest');
    await setInApp(guest, 'playlist_invites', false);
    await host.request('playlists.invite', { userId: guest.userId, playlistName: 'Quiet mix' });
    await settle(guest);
    expect(eventsOf(guest, 'notification.created')).toEqual([]);
    // Other types stay on: a follow still notifies.
    await host.request('users.follow', { userId: guest.userId });
    expect((await guest.waitForEvent('notification.created')).notification.data.kind).toBe('new_follower');
    await closeAll(host, guest);
  });
});
