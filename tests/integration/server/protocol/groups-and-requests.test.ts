import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../../../src-shared/limits.ts';
import { spawnServer } from '../../../support/server-process.ts';
import type { ServerProcess } from '../../../support/server-process.ts';
import { consentTo, sendText } from '../../../support/sessions.ts';
import { signUpClient } from '../../../support/test-client.ts';

let server: ServerProcess;
beforeAll(async () => {
  server = await spawnServer();
});
afterAll(async () => {
  await server?.cleanup();
});

describe('groups', () => {
  it('need the creator and at least two others: yourself and repeats do not count', async () => {
    const alice = await signUpClient(server.url, 'Alice');
    const bob = await signUpClient(server.url, 'Bob');
    await alice.expectError('conversations.createGroup', { userIds: [bob.userId] }, 'GROUP_TOO_SMALL');
    await alice.expectError(
      'conversations.createGroup',
      { userIds: [bob.userId, bob.userId, alice.userId] },
      'GROUP_TOO_SMALL',
    );
    await alice.expectError(
      'conversations.createGroup',
      { userIds: [bob.userId, 'no-such-user'] },
      'NOT_FOUND',
    );
    const tooMany = Array.from({ length: LIMITS.groupMaxMembers }, (_, i) => `someone-${i}`);
    await alice.expectError('conversations.createGroup', { userIds: tooMany }, 'GROUP_TOO_LARGE');
    await Promise.all([alice.close(), bob.close()]);
  });

  it('a group of three starts accepted, with its trimmed title, and every member is told', async () => {
    const alice = await signUpClient(server.url, 'Alice');
    const bob = await signUpClient(server.url, 'Bob');
    const carol = await signUpClient(server.url, 'Carol');
    // Bob and Carol follow Alice, and Alice and Carol follow Bob: both groups below need no invitation.
    await consentTo(alice, bob, carol);
    await consentTo(bob, alice, carol);
    const { conversation } = await alice.request('conversations.createGroup', {
      userIds: [bob.userId, carol.userId],
      title: '  Late Night Crew ',
    });
    expect(conversation).toMatchObject({
      kind: 'group',
      status: 'accepted',
      title: 'Late Night Crew',
      requesterId: null,
      lastSeq: 0,
    });
    expect(conversation.participants.map((p) => p.id).sort()).toEqual(
      [alice.userId, bob.userId, carol.userId].sort(),
    );
    for (const member of [bob, carol]) {
      const told = await member.waitForEvent(
        'conversation.updated',
        (e) => e.conversation.id === conversation.id,
      );
      expect(told.conversation.title).toBe('Late Night Crew');
    }
    // Anyone in a group can write at once: no request step.
    expect((await sendText(carol, conversation.id, 'hey all')).message.seq).toBe(1);

    const untitled = await bob.request('conversations.createGroup', {
      userIds: [alice.userId, carol.userId],
      title: '   ',
    });
    expect(untitled.conversation.title).toBeNull();
    await bob.expectError(
      'conversations.createGroup',
      { userIds: [alice.userId, carol.userId], title: 'x'.repeat(LIMITS.groupTitleMaxChars + 1) },
      'VALIDATION_FAILED',
    );
    await Promise.all([alice.close(), bob.close(), carol.close()]);
  });
});

describe('declined requests', () => {
  it('declining hides the request from the recipient and tells the requester', async () => {
    const alice = await signUpClient(server.url, 'Alice');
    const bob = await signUpClient(server.url, 'Bob');
    const { conversation } = await alice.request('conversations.startDirect', { userId: bob.userId });
    await sendText(alice, conversation.id, 'hi, can we talk?');
    expect(await bob.request('conversations.decline', { conversationId: conversation.id })).toEqual({
      ok: true,
    });

    expect(await bob.waitForEvent('conversation.removed')).toMatchObject({
      conversationId: conversation.id,
      reason: 'declined',
    });
    const told = await alice.waitForEvent(
      'conversation.updated',
      (e) => e.conversation.status === 'declined',
    );
    expect(told.conversation.id).toBe(conversation.id);
    expect((await bob.request('conversations.list', {})).conversations.map((c) => c.id)).not.toContain(
      conversation.id,
    );
    await alice.expectError(
      'conversations.accept',
      { conversationId: conversation.id },
      'NOT_A_REQUEST_RECIPIENT',
    );
    await bob.expectError(
      'conversations.accept',
      { conversationId: conversation.id },
      'NOT_A_REQUEST_RECIPIENT',
    );
    await Promise.all([alice.close(), bob.close()]);
  });

  it('the requester cannot reuse a declined request: starting again or sending is REQUEST_DECLINED', async () => {
    const alice = await signUpClient(server.url, 'Alice');
    const bob = await signUpClient(server.url, 'Bob');
    const { conversation } = await alice.request('conversations.startDirect', { userId: bob.userId });
    await sendText(alice, conversation.id, 'first try');
    await bob.request('conversations.decline', { conversationId: conversation.id });

    await alice.expectError('conversations.startDirect', { userId: bob.userId }, 'REQUEST_DECLINED');
    await alice.expectError(
      'messages.send',
      { conversationId: conversation.id, clientId: 'declined-send-1', body: 'please?' },
      'REQUEST_DECLINED',
    );
    // Nothing new reached Bob's list.
    expect((await bob.request('conversations.list', {})).conversations).toEqual([]);
    await Promise.all([alice.close(), bob.close()]);
  });

  it('the person who declined may still write to the requester later, which reopens the conversation', async () => {
    const alice = await signUpClient(server.url, 'Alice');
    const bob = await signUpClient(server.url, 'Bob');
    const { conversation } = await alice.request('conversations.startDirect', { userId: bob.userId });
    await sendText(alice, conversation.id, 'first try');
    await bob.request('conversations.decline', { conversationId: conversation.id });

    const reopened = await bob.request('conversations.startDirect', { userId: alice.userId });
    expect(reopened.conversation).toMatchObject({ id: conversation.id, status: 'accepted' });
    expect((await sendText(bob, conversation.id, 'changed my mind')).message.seq).toBe(2);
    expect((await sendText(alice, conversation.id, 'great')).message.seq).toBe(3);
    await Promise.all([alice.close(), bob.close()]);
  });

  it('you cannot message yourself', async () => {
    const alice = await signUpClient(server.url, 'Alice');
    await alice.expectError('conversations.startDirect', { userId: alice.userId }, 'CANNOT_MESSAGE_SELF');
    await alice.expectError('conversations.startDirect', { userId: 'no-such-user' }, 'NOT_FOUND');
    await alice.close();
  });
});
