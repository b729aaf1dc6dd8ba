import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../../../src-shared/limits.ts';
import { runAdmin, usernameOf } from '../../../support/admin.ts';
import { spawnServer } from '../../../support/server-process.ts';
import type { ServerProcess } from '../../../support/server-process.ts';
import { consentTo } from '../../../support/sessions.ts';
import { signUpClient } from '../../../support/test-client.ts';
import type { TestClient } from '../../../support/test-client.ts';
import { MISSING_ID, closeAll } from './helpers.ts';

let server: ServerProcess;
beforeAll(async () => {
  server = await spawnServer();
});
afterAll(async () => {
  await server.cleanup();
});

let clientIds = 0;
const send = (client: TestClient, conversationId: string, body = 'hello team') =>
  client.request('messages.send', {
    conversationId,
    clientId: `team-msg-${++clientIds}-${Date.now()}`,
    body,
  });

describe('teams.create', () => {
  it('creates the team with a trimmed name, the caller as owner, and an accepted team chat for every member', async () => {
    const owner = await signUpClient(server.url, 'owner');
    const b = await signUpClient(server.url, 'bee');
    const c = await signUpClient(server.url, 'cee');
    await consentTo(owner, b, c);
    const { team } = await owner.request('teams.create', {
      name: '  Beat Crew  ',
      memberIds: [b.userId, c.userId, b.userId, owner.userId],
    });
    expect(team).toMatchObject({ name: 'Beat Crew', ownerId: owner.userId });
    expect(team.members.map((m) => m.id)).toEqual([owner.userId, ...[b.userId, c.userId].sort()]);

    const { conversation } = await b.waitForEvent(
      'conversation.updated',
      (e) => e.conversation.id === team.conversationId,
    );
    expect(conversation).toMatchObject({
      kind: 'team',
      status: 'accepted',
      teamId: team.id,
      title: 'Beat Crew',
      disabledReason: null,
    });
    expect(conversation.participants.map((p) => p.id).sort()).toEqual(
      [owner.userId, b.userId, c.userId].sort(),
    );

    expect((await c.request('teams.list', {})).teams).toEqual([team]);
    const list = await c.request('conversations.list', {});
    expect(list.conversations.map((x) => x.id)).toContain(team.conversationId);
    const sent = await send(c, team.conversationId, 'first!');
    expect(
      (await owner.waitForEvent('message.created', (e) => e.message.id === sent.message.id)).message.body,
    ).toBe('first!');
    await closeAll(owner, b, c);
  });

  it(`rejects a blank name or one over ${LIMITS.teamNameMaxChars} characters (VALIDATION_FAILED) and unknown members (NOT_FOUND)`, async () => {
    const owner = await signUpClient(server.url, 'owner');
    await owner.expectError('teams.create', { name: '   ', memberIds: [] }, 'VALIDATION_FAILED');
    const long = await owner.expectError(
      'teams.create',
      { name: 'x'.repeat(LIMITS.teamNameMaxChars + 1), memberIds: [] },
      'VALIDATION_FAILED',
    );
    expect(long.issues?.[0]?.path).toBe('name');
    const exact = await owner.request('teams.create', {
      name: `  ${'é'.repeat(LIMITS.teamNameMaxChars)}  `,
      memberIds: [],
    });
    expect([...exact.team.name]).toHaveLength(LIMITS.teamNameMaxChars);
    await owner.expectError('teams.create', { name: 'Ghost Crew', memberIds: [MISSING_ID] }, 'NOT_FOUND');
    expect((await owner.request('teams.list', {})).teams.map((t) => t.name)).toEqual([exact.team.name]);
    await owner.close();
  });
});

describe('team membership', () => {
  it('only the owner adds members (FORBIDDEN for members, NOT_FOUND for outsiders); a newcomer joins the chat', async () => {
    const owner = await signUpClient(server.url, 'owner');
    const member = await signUpClient(server.url, 'member');
    const outsider = await signUpClient(server.url, 'outsider');
    await consentTo(owner, member, outsider);
    const { team } = await owner.request('teams.create', { name: 'Crew', memberIds: [member.userId] });

    await member.expectError('teams.addMember', { teamId: team.id, userId: outsider.userId }, 'FORBIDDEN');
    await outsider.expectError('teams.addMember', { teamId: team.id, userId: outsider.userId }, 'NOT_FOUND');
    await owner.expectError('teams.addMember', { teamId: team.id, userId: MISSING_ID }, 'NOT_FOUND');
    await owner.expectError('teams.addMember', { teamId: MISSING_ID, userId: outsider.userId }, 'NOT_FOUND');
    await outsider.expectError('conversations.open', { conversationId: team.conversationId }, 'NOT_FOUND');

    const added = await owner.request('teams.addMember', { teamId: team.id, userId: outsider.userId });
    expect(added.team.members.map((m) => m.id)).toEqual([owner.userId, member.userId, outsider.userId]);
    const again = await owner.request('teams.addMember', { teamId: team.id, userId: outsider.userId });
    expect(again.team).toEqual(added.team);

    const joined = await outsider.waitForEvent(
      'conversation.updated',
      (e) => e.conversation.id === team.conversationId,
    );
    expect(joined.conversation.participants).toHaveLength(3);
    await member.waitForEvent('conversation.updated', (e) => e.conversation.participants.length === 3);
    const opened = await outsider.request('conversations.open', { conversationId: team.conversationId });
    expect(opened.conversation.kind).toBe('team');
    await send(outsider, team.conversationId);
    await closeAll(owner, member, outsider);
  });

  it('the owner removes a member, who loses the chat at once: gone from lists, not openable, not sendable', async () => {
    const owner = await signUpClient(server.url, 'owner');
    const stays = await signUpClient(server.url, 'stays');
    const leaves = await signUpClient(server.url, 'leaves');
    await consentTo(owner, stays, leaves);
    const { team } = await owner.request('teams.create', {
      name: 'Shrinking Crew',
      memberIds: [stays.userId, leaves.userId],
    });
    await send(owner, team.conversationId, 'before');

    await stays.expectError('teams.removeMember', { teamId: team.id, userId: leaves.userId }, 'FORBIDDEN');
    await owner.expectError('teams.removeMember', { teamId: team.id, userId: owner.userId }, 'FORBIDDEN');
    const { team: after } = await owner.request('teams.removeMember', {
      teamId: team.id,
      userId: leaves.userId,
    });
    expect(after.members.map((m) => m.id)).toEqual([owner.userId, stays.userId]);

    const removed = await leaves.waitForEvent(
      'conversation.removed',
      (e) => e.conversationId === team.conversationId,
    );
    expect(removed.reason).toBe('left');
    const updated = await stays.waitForEvent(
      'conversation.updated',
      (e) => e.conversation.id === team.conversationId && e.conversation.participants.length === 2,
    );
    expect(updated.conversation.disabledReason).toBeNull();

    expect((await leaves.request('conversations.list', {})).conversations.map((c) => c.id)).not.toContain(
      team.conversationId,
    );
    expect((await leaves.request('teams.list', {})).teams).toEqual([]);
    await leaves.expectError('conversations.open', { conversationId: team.conversationId }, 'NOT_FOUND');
    await leaves.expectError('conversations.get', { conversationId: team.conversationId }, 'NOT_FOUND');
    await leaves.expectError('messages.history', { conversationId: team.conversationId }, 'NOT_FOUND');
    await leaves.expectError(
      'messages.send',
      { conversationId: team.conversationId, clientId: 'after-leaving', body: 'hi?' },
      'NOT_FOUND',
    );
    await leaves.expectError('teams.removeMember', { teamId: team.id, userId: leaves.userId }, 'NOT_FOUND');
    // Removing someone who already left is a no-op, so retries are safe.
    expect(
      (await owner.request('teams.removeMember', { teamId: team.id, userId: leaves.userId })).team,
    ).toEqual(after);
    await closeAll(owner, stays, leaves);
  });

  it('a member may leave by removing themself', async () => {
    const owner = await signUpClient(server.url, 'owner');
    const a = await signUpClient(server.url, 'a');
    const b = await signUpClient(server.url, 'b');
    await consentTo(owner, a, b);
    const { team } = await owner.request('teams.create', { name: 'Trio', memberIds: [a.userId, b.userId] });
    const { team: after } = await a.request('teams.removeMember', { teamId: team.id, userId: a.userId });
    expect(after.members.map((m) => m.id)).toEqual([owner.userId, b.userId]);
    expect((await a.waitForEvent('conversation.removed')).reason).toBe('left');
    await a.expectError('conversations.open', { conversationId: team.conversationId }, 'NOT_FOUND');
    expect((await owner.request('teams.list', {})).teams[0]?.members).toHaveLength(2);
    await closeAll(owner, a, b);
  });
});

describe('team chat below two members', () => {
  it('is visible but disabled with a reason, sending fails with TEAM_CHAT_DISABLED, and it recovers when someone joins', async () => {
    const owner = await signUpClient(server.url, 'owner');
    const friend = await signUpClient(server.url, 'friend');
    await consentTo(owner, friend);
    const { team } = await owner.request('teams.create', { name: 'Solo Act', memberIds: [] });

    const listed = (await owner.request('conversations.list', {})).conversations.find(
      (c) => c.id === team.conversationId,
    );
    expect(listed).toMatchObject({
      kind: 'team',
      status: 'accepted',
      disabledReason: expect.stringMatching(/2 members/),
    });
    await owner.expectError(
      'messages.send',
      { conversationId: team.conversationId, clientId: 'solo-0001', body: 'anyone?' },
      'TEAM_CHAT_DISABLED',
    );

    await owner.request('teams.addMember', { teamId: team.id, userId: friend.userId });
    const enabled = await owner.waitForEvent(
      'conversation.updated',
      (e) => e.conversation.id === team.conversationId && e.conversation.participants.length === 2,
    );
    expect(enabled.conversation.disabledReason).toBeNull();
    await send(owner, team.conversationId, 'now we talk');

    await friend.request('teams.removeMember', { teamId: team.id, userId: friend.userId });
    const disabled = await owner.waitForEvent(
      'conversation.updated',
      (e) => e.conversation.id === team.conversationId && e.conversation.participants.length === 1,
    );
    expect(disabled.conversation.disabledReason).not.toBeNull();
    expect(
      (await owner.request('conversations.open', { conversationId: team.conversationId })).messages.map(
        (m) => m.body,
      ),
    ).toEqual(['now we talk']);
    await owner.expectError(
      'messages.send',
      { conversationId: team.conversationId, clientId: 'solo-0002', body: 'alone again' },
      'TEAM_CHAT_DISABLED',
    );
    await closeAll(owner, friend);
  });
});

describe('team chats are ensured', () => {
  it('a team created without a chat (by an operator or seeding) gets one when a member lists conversations', async () => {
    const owner = await signUpClient(server.url, 'owner');
    const member = await signUpClient(server.url, 'member');
    const { teamId } = await runAdmin<{ teamId: string }>(server, [
      'create-team',
      '--name',
      'Seeded',
      '--owner',
      usernameOf(owner),
      '--member',
      usernameOf(member),
    ]);

    const { conversations } = await member.request('conversations.list', {});
    const chat = conversations.find((c) => c.teamId === teamId);
    expect(chat).toMatchObject({ kind: 'team', status: 'accepted', title: 'Seeded', disabledReason: null });
    expect(chat?.participants.map((p) => p.id).sort()).toEqual([owner.userId, member.userId].sort());
    // The owner's socket learns about it too, and both see the same chat.
    await owner.waitForEvent('conversation.updated', (e) => e.conversation.teamId === teamId);
    const { teams } = await owner.request('teams.list', {});
    expect(teams.map((t) => [t.id, t.conversationId])).toEqual([[teamId, chat?.id]]);
    await closeAll(owner, member);
  });
});
