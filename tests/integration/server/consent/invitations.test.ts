import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnServer } from '../../../support/server-process.ts';
import type { ServerProcess } from '../../../support/server-process.ts';
import { consentTo, sendText } from '../../../support/sessions.ts';
import { signUpClient } from '../../../support/test-client.ts';
import type { TestClient } from '../../../support/test-client.ts';
import { closeAll, eventsOf, settle } from '../people/helpers.ts';

let server: ServerProcess;
beforeAll(async () => {
  server = await spawnServer();
});
afterAll(async () => {
  await server?.cleanup();
});

const ids = (users: readonly { id: string }[] | undefined) => (users ?? []).map((u) => u.id).sort();

/** Alice creates a group with Fay (who follows her) and Sam (a stranger). */
async function groupWithStranger() {
  const alice = await signUpClient(server.url, 'Alice');
  const fay = await signUpClient(server.url, 'Fay');
  const sam = await signUpClient(server.url, 'Sam');
  await consentTo(alice, fay);
  const { conversation } = await alice.request('conversations.createGroup', {
    userIds: [fay.userId, sam.userId],
    title: 'Mix Notes',
  });
  return { alice, fay, sam, conversation };
}

describe('invitations to groups', () => {
  it('puts a follower in at once and invites a stranger, who sees who is in it but nothing that was said', async () => {
    const { alice, fay, sam, conversation } = await groupWithStranger();
    expect(ids(conversation.participants)).toEqual([alice.userId, fay.userId].sort());
    expect(ids(conversation.invited)).toEqual([sam.userId]);

    const invitation = await sam.waitForEvent(
      'conversation.updated',
      (e) => e.conversation.id === conversation.id,
    );
    expect(invitation.conversation).toMatchObject({
      kind: 'group',
      status: 'pending',
      requesterId: alice.userId,
      title: 'Mix Notes',
      lastMessage: null,
      unreadCount: 0,
    });
    const notified = await sam.waitForEvent('notification.created');
    expect(notified.notification.data).toMatchObject({
      kind: 'message_request',
      conversationId: conversation.id,
    });

    await sendText(alice, conversation.id, 'members only');
    await fay.waitForEvent('message.created', (e) => e.message.body === 'members only');
    await settle(sam);
    expect(eventsOf(sam, 'message.created')).toEqual([]);
    const listed = (await sam.request('conversations.list', {})).conversations.find(
      (c) => c.id === conversation.id,
    );
    expect(listed).toMatchObject({ status: 'pending', lastMessage: null, lastSeq: 0 });
    const opened = await sam.request('conversations.open', { conversationId: conversation.id });
    expect(opened.messages).toEqual([]);
    await sam.expectError('messages.history', { conversationId: conversation.id }, 'NOT_FOUND');
    await sam.expectError(
      'messages.send',
      { conversationId: conversation.id, clientId: 'sam-too-early', body: 'hi' },
      'NOT_FOUND',
    );
    await sam.expectError('typing.set', { conversationId: conversation.id, typing: true }, 'NOT_FOUND');
    await closeAll(alice, fay, sam);
  });

  it('accepting joins: history is there, sending works, members are told, and the request notification is read', async () => {
    const { alice, fay, sam, conversation } = await groupWithStranger();
    await sendText(alice, conversation.id, 'before you came');
    await sam.waitForEvent('notification.created');

    const { conversation: joined } = await sam.request('conversations.accept', {
      conversationId: conversation.id,
    });
    expect(joined).toMatchObject({ status: 'accepted', unreadCount: 0 });
    expect(ids(joined.participants)).toEqual([alice.userId, fay.userId, sam.userId].sort());
    expect(joined.invited).toEqual([]);
    expect((await sam.waitForEvent('notifications.read')).unreadCount).toBe(0);
    const list = await sam.request('notifications.list', {});
    expect(list.notifications.every((n) => n.readAt !== null)).toBe(true);

    const history = await sam.request('messages.history', { conversationId: conversation.id });
    expect(history.messages.map((m) => m.body)).toEqual(['before you came']);
    await sendText(sam, conversation.id, 'thanks for having me');
    await alice.waitForEvent('message.created', (e) => e.message.body === 'thanks for having me');
    await fay.waitForEvent(
      'conversation.updated',
      (e) => e.conversation.id === conversation.id && e.conversation.participants.length === 3,
    );
    await closeAll(alice, fay, sam);
  });

  it('declining removes it for the invitee, tells the members, and is final for that inviter', async () => {
    const { alice, fay, sam, conversation } = await groupWithStranger();
    await sam.waitForEvent('notification.created');
    await sam.request('conversations.decline', { conversationId: conversation.id });
    const removed = await sam.waitForEvent(
      'conversation.removed',
      (e) => e.conversationId === conversation.id,
    );
    expect(removed.reason).toBe('declined');
    expect((await sam.waitForEvent('notifications.read')).unreadCount).toBe(0);
    const told = await alice.waitForEvent(
      'conversation.updated',
      (e) => e.conversation.id === conversation.id && e.conversation.invited?.length === 0,
    );
    expect(ids(told.conversation.participants)).toEqual([alice.userId, fay.userId].sort());
    await sam.expectError('conversations.get', { conversationId: conversation.id }, 'NOT_FOUND');
    await sam.expectError('conversations.accept', { conversationId: conversation.id }, 'NOT_FOUND');
    await closeAll(alice, fay, sam);
  });

  it('an accepted direct conversation is consent too', async () => {
    const alice = await signUpClient(server.url, 'Alice');
    const dan = await signUpClient(server.url, 'Dan');
    const eve = await signUpClient(server.url, 'Eve');
    await consentTo(alice, eve);
    const { conversation: direct } = await alice.request('conversations.startDirect', { userId: dan.userId });
    await sendText(alice, direct.id, 'hey Dan');
    await dan.request('conversations.accept', { conversationId: direct.id });
    const { conversation } = await alice.request('conversations.createGroup', {
      userIds: [dan.userId, eve.userId],
    });
    expect(ids(conversation.participants)).toEqual([alice.userId, dan.userId, eve.userId].sort());
    expect(conversation.invited).toEqual([]);
    await closeAll(alice, dan, eve);
  });
});

describe('leaving a group', () => {
  it('the leaver loses it at once; the others are told; a direct conversation cannot be left', async () => {
    const alice = await signUpClient(server.url, 'Alice');
    const bob = await signUpClient(server.url, 'Bob');
    const cat = await signUpClient(server.url, 'Cat');
    await consentTo(alice, bob, cat);
    const { conversation } = await alice.request('conversations.createGroup', {
      userIds: [bob.userId, cat.userId],
    });
    await sendText(alice, conversation.id, 'hello both');

    await bob.request('conversations.leave', { conversationId: conversation.id });
    expect(
      (await bob.waitForEvent('conversation.removed', (e) => e.conversationId === conversation.id)).reason,
    ).toBe('left');
    const told = await alice.waitForEvent(
      'conversation.updated',
      (e) => e.conversation.id === conversation.id && e.conversation.participants.length === 2,
    );
    expect(ids(told.conversation.participants)).toEqual([alice.userId, cat.userId].sort());
    // A new message does not bring it back, as hiding would.
    await sendText(cat, conversation.id, 'bye Bob');
    await settle(bob);
    expect(eventsOf(bob, 'message.created').map((e) => e.message.body)).toEqual(['hello both']);
    await bob.expectError('conversations.open', { conversationId: conversation.id }, 'NOT_FOUND');
    await bob.expectError(
      'messages.send',
      { conversationId: conversation.id, clientId: 'bob-after-leaving', body: 'wait' },
      'NOT_FOUND',
    );
    expect((await bob.request('conversations.list', {})).conversations.map((c) => c.id)).not.toContain(
      conversation.id,
    );

    const { conversation: direct } = await alice.request('conversations.startDirect', { userId: cat.userId });
    await alice.expectError('conversations.leave', { conversationId: direct.id }, 'FORBIDDEN');
    await closeAll(alice, bob, cat);
  });
});

describe('invitations to teams', () => {
  async function team(owner: TestClient, members: TestClient[]) {
    return (await owner.request('teams.create', { name: 'Crew', memberIds: members.map((m) => m.userId) }))
      .team;
  }

  it('a stranger added to a team is invited, and joins the team by accepting', async () => {
    const owner = await signUpClient(server.url, 'Owner');
    const stranger = await signUpClient(server.url, 'Stranger');
    const created = await team(owner, [stranger]);
    expect(ids(created.members)).toEqual([owner.userId]);
    expect(ids(created.invited)).toEqual([stranger.userId]);
    const invitation = await stranger.waitForEvent(
      'conversation.updated',
      (e) => e.conversation.id === created.conversationId,
    );
    expect(invitation.conversation).toMatchObject({
      kind: 'team',
      status: 'pending',
      requesterId: owner.userId,
    });
    expect((await stranger.request('teams.list', {})).teams).toEqual([]);

    await stranger.request('conversations.accept', { conversationId: created.conversationId });
    const { teams } = await stranger.request('teams.list', {});
    expect(ids(teams[0]?.members)).toEqual([owner.userId, stranger.userId].sort());
    expect(teams[0]?.invited).toEqual([]);
    await sendText(stranger, created.conversationId, 'in the crew now');
    await closeAll(owner, stranger);
  });

  it('a removed member cannot be added straight back: it takes a new invitation, even for a follower', async () => {
    const owner = await signUpClient(server.url, 'Owner');
    const member = await signUpClient(server.url, 'Member');
    await consentTo(owner, member);
    const created = await team(owner, [member]);
    expect(ids(created.members)).toEqual([owner.userId, member.userId].sort());

    await owner.request('teams.removeMember', { teamId: created.id, userId: member.userId });
    await member.waitForEvent('conversation.removed', (e) => e.conversationId === created.conversationId);
    const { team: after } = await owner.request('teams.addMember', {
      teamId: created.id,
      userId: member.userId,
    });
    expect(ids(after.members)).toEqual([owner.userId]);
    expect(ids(after.invited)).toEqual([member.userId]);
    const invitation = await member.waitForEvent(
      'conversation.updated',
      (e) => e.conversation.id === created.conversationId && e.conversation.status === 'pending',
    );
    expect(invitation.conversation.requesterId).toBe(owner.userId);
    // Taking the invitation back: the owner removes someone not yet in the team.
    const mark = member.frames.length;
    await owner.request('teams.removeMember', { teamId: created.id, userId: member.userId });
    await member.waitForEvent(
      'conversation.removed',
      (e) => e.conversationId === created.conversationId,
      mark,
    );
    await member.expectError('conversations.accept', { conversationId: created.conversationId }, 'NOT_FOUND');

    // A member who leaves the team (through its chat) needs a new invitation too; the owner cannot leave.
    const other = await signUpClient(server.url, 'Other');
    await consentTo(owner, other);
    await owner.request('teams.addMember', { teamId: created.id, userId: other.userId });
    await other.request('conversations.leave', { conversationId: created.conversationId });
    await owner.expectError('conversations.leave', { conversationId: created.conversationId }, 'FORBIDDEN');
    const { team: later } = await owner.request('teams.addMember', {
      teamId: created.id,
      userId: other.userId,
    });
    expect(ids(later.invited)).toEqual([other.userId]);
    await closeAll(owner, member, other);
  });
});
