import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnServer } from '../../support/server-process.ts';
import type { ServerProcess } from '../../support/server-process.ts';
import { signUpClient } from '../../support/test-client.ts';

let server: ServerProcess;
beforeAll(async () => {
  server = await spawnServer();
});
afterAll(async () => {
  await server.cleanup();
});

describe('direct message requests', () => {
  it('starts pending: one request message, recipient cannot reply until accepting', async () => {
    const alice = await signUpClient(server.url, 'alice');
    const bob = await signUpClient(server.url, 'bob');
    const { conversation } = await alice.request('conversations.startDirect', { userId: bob.userId });
    expect(conversation).toMatchObject({ kind: 'direct', status: 'pending', requesterId: alice.userId });

    const sent = await alice.request('messages.send', {
      conversationId: conversation.id,
      clientId: 'client-0001',
      body: '  Hi Bob!  ',
    });
    expect(sent.message).toMatchObject({ body: 'Hi Bob!', seq: 1, authorId: alice.userId });

    const created = await bob.waitForEvent('message.created', (e) => e.message.id === sent.message.id);
    expect(created.message.body).toBe('Hi Bob!');
    const list = await bob.request('conversations.list', {});
    expect(list.conversations.map((c) => [c.id, c.status, c.unreadCount])).toEqual([
      [conversation.id, 'pending', 1],
    ]);

    await alice.expectError(
      'messages.send',
      { conversationId: conversation.id, clientId: 'client-0002', body: 'again?' },
      'REQUEST_PENDING',
    );
    await bob.expectError(
      'messages.send',
      { conversationId: conversation.id, clientId: 'client-0003', body: 'hey' },
      'REQUEST_NOT_ACCEPTED',
    );
    await alice.expectError(
      'conversations.accept',
      { conversationId: conversation.id },
      'NOT_A_REQUEST_RECIPIENT',
    );

    const accepted = await bob.request('conversations.accept', { conversationId: conversation.id });
    expect(accepted.conversation).toMatchObject({ status: 'accepted', unreadCount: 0, lastReadSeq: 1 });
    const seen = await alice.waitForEvent('receipts.updated', (e) => e.othersReadSeq === 1);
    expect(seen.conversationId).toBe(conversation.id);

    const reply = await bob.request('messages.send', {
      conversationId: conversation.id,
      clientId: 'client-0004',
      body: 'Hey Alice',
    });
    expect(reply.message.seq).toBe(2);
    await Promise.all([alice.close(), bob.close()]);
  });

  it('a resend with the same client id returns the original message, never a duplicate', async () => {
    const alice = await signUpClient(server.url, 'alice');
    const bob = await signUpClient(server.url, 'bob');
    const { conversation } = await alice.request('conversations.startDirect', { userId: bob.userId });
    const first = await alice.request('messages.send', {
      conversationId: conversation.id,
      clientId: 'same-client-id',
      body: 'once',
    });
    const again = await alice.request('messages.send', {
      conversationId: conversation.id,
      clientId: 'same-client-id',
      body: 'once',
    });
    expect(again).toEqual({ message: first.message, duplicate: true });
    const history = await alice.request('messages.history', { conversationId: conversation.id });
    expect(history.messages).toHaveLength(1);
    await Promise.all([alice.close(), bob.close()]);
  });
});
