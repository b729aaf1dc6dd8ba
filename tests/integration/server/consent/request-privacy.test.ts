import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnServer } from '../../../support/server-process.ts';
import type { ServerProcess } from '../../../support/server-process.ts';
import { consentTo, sendText } from '../../../support/sessions.ts';
import { signUpClient } from '../../../support/test-client.ts';
import { closeAll, eventsOf, settle } from '../people/helpers.ts';

let server: ServerProcess;
beforeAll(async () => {
  server = await spawnServer();
});
afterAll(async () => {
  await server?.cleanup();
});

describe('before a message request is accepted', () => {
  it('no receipt or typing reaches either side; accepting shows the recipient’s read state', async () => {
    const asker = await signUpClient(server.url, 'Asker');
    const recipient = await signUpClient(server.url, 'Recipient');
    const { conversation } = await asker.request('conversations.startDirect', { userId: recipient.userId });
    const { message } = await sendText(asker, conversation.id, 'can I send you a beat?');
    const conversationId = conversation.id;

    await recipient.waitForEvent('message.created', (e) => e.message.id === message.id);
    await recipient.request('messages.delivered', { conversationId, upToSeq: message.seq });
    await recipient.request('conversations.open', { conversationId });
    await recipient.request('typing.set', { conversationId, typing: true });
    await asker.request('typing.set', { conversationId, typing: true });
    await settle(asker);
    await settle(recipient);
    expect(eventsOf(asker, 'receipts.updated')).toEqual([]);
    expect(asker.ephemeral).toEqual([]);
    expect(recipient.ephemeral).toEqual([]);
    const seen = (await asker.request('conversations.get', { conversationId })).conversation;
    expect(seen).toMatchObject({ othersReadSeq: 0, othersDeliveredSeq: 0 });

    await recipient.request('conversations.accept', { conversationId });
    const accepted = await asker.waitForEvent(
      'conversation.updated',
      (e) => e.conversation.id === conversationId && e.conversation.status === 'accepted',
    );
    expect(accepted.conversation.othersReadSeq).toBe(message.seq);
    await closeAll(asker, recipient);
  });

  it('answering a request marks its notification read, on accept and on decline', async () => {
    for (const answer of ['conversations.accept', 'conversations.decline'] as const) {
      const asker = await signUpClient(server.url, 'Asker');
      const recipient = await signUpClient(server.url, 'Recipient');
      const follower = await signUpClient(server.url, 'Follower');
      await follower.request('users.follow', { userId: recipient.userId }); // an unrelated notification
      const { conversation } = await asker.request('conversations.startDirect', { userId: recipient.userId });
      await sendText(asker, conversation.id, 'hello');
      await recipient.waitForEvent(
        'notification.created',
        (e) => e.notification.data.kind === 'message_request',
      );

      await recipient.request(answer, { conversationId: conversation.id });
      expect((await recipient.waitForEvent('notifications.read')).unreadCount).toBe(1);
      const { notifications } = await recipient.request('notifications.list', {});
      const request = notifications.find((n) => n.data.kind === 'message_request');
      const follow = notifications.find((n) => n.data.kind === 'new_follower');
      expect(request?.readAt).not.toBeNull();
      expect(follow?.readAt).toBeNull();
      await closeAll(asker, recipient, follower);
    }
  });
});

describe('idempotency is per author and conversation', () => {
  it('reusing a client id in a conversation you are not in is refused as usual; in another of yours, it is invalid', async () => {
    const alice = await signUpClient(server.url, 'Alice');
    const bob = await signUpClient(server.url, 'Bob');
    const carol = await signUpClient(server.url, 'Carol');
    const dave = await signUpClient(server.url, 'Dave');
    const { conversation: withBob } = await alice.request('conversations.startDirect', {
      userId: bob.userId,
    });
    const clientId = 'alice-0000000001';
    const original = await alice.request('messages.send', {
      conversationId: withBob.id,
      clientId,
      body: 'mine',
    });

    // Carol and Dave's conversation: Alice is not in it. Her old client id must not answer with her message.
    await consentTo(carol, dave);
    const { conversation: theirs } = await carol.request('conversations.startDirect', {
      userId: dave.userId,
    });
    await alice.expectError(
      'messages.send',
      { conversationId: theirs.id, clientId, body: 'sneak' },
      'NOT_FOUND',
    );

    // Another conversation of Alice's own: the id is taken, so the send is invalid (not a duplicate).
    await consentTo(alice, carol, dave);
    const { conversation: group } = await alice.request('conversations.createGroup', {
      userIds: [carol.userId, dave.userId],
    });
    const reused = await alice.expectError(
      'messages.send',
      { conversationId: group.id, clientId, body: 'again' },
      'VALIDATION_FAILED',
    );
    expect(reused.issues?.[0]?.path).toBe('clientId');

    // The same conversation: the resend is answered with the original.
    const resent = await alice.request('messages.send', {
      conversationId: withBob.id,
      clientId,
      body: 'mine',
    });
    expect(resent).toEqual({ message: original.message, duplicate: true });
    await closeAll(alice, bob, carol, dave);
  });
});
