import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../../../src-shared/limits.ts';
import { spawnServer } from '../../../support/server-process.ts';
import type { ServerProcess } from '../../../support/server-process.ts';
import { consentTo, reconnect, sendText } from '../../../support/sessions.ts';
import { signUpClient } from '../../../support/test-client.ts';

let server: ServerProcess;
beforeAll(async () => {
  server = await spawnServer();
});
afterAll(async () => {
  await server?.cleanup();
});

async function group() {
  const alice = await signUpClient(server.url, 'Alice');
  const bob = await signUpClient(server.url, 'Bob');
  const carol = await signUpClient(server.url, 'Carol');
  await consentTo(alice, bob, carol);
  const { conversation } = await alice.request('conversations.createGroup', {
    userIds: [bob.userId, carol.userId],
  });
  return {
    alice,
    bob,
    carol,
    conversationId: conversation.id,
    closeAll: () => Promise.all([alice, bob, carol].map((c) => c.close())),
  };
}

describe('delivery and read receipts', () => {
  it('the sender sees delivered, then seen, only once every other participant got there', async () => {
    const { alice, bob, carol, conversationId, closeAll } = await group();
    await sendText(alice, conversationId, 'one');
    const { message } = await sendText(alice, conversationId, 'two');

    await bob.request('messages.delivered', { conversationId, upToSeq: message.seq });
    await carol.request('messages.delivered', { conversationId, upToSeq: 1 });
    await carol.request('messages.delivered', { conversationId, upToSeq: 99 }); // capped at the latest seq
    const delivered = await alice.waitForEvent('receipts.updated', (e) => e.othersDeliveredSeq === 2);
    expect(delivered).toMatchObject({ conversationId, othersReadSeq: 0 });
    const deliveredSeqs = alice.events.flatMap((e) =>
      e.event.type === 'receipts.updated' ? [e.event.othersDeliveredSeq] : [],
    );
    expect(deliveredSeqs).toEqual([1, 2]);

    await bob.request('conversations.open', { conversationId });
    const afterBob = await alice.request('conversations.get', { conversationId });
    expect(afterBob.conversation.othersReadSeq).toBe(0); // Carol has not read: no read flag yet
    await carol.request('conversations.markRead', { conversationId, upToSeq: 1 });
    expect(await alice.waitForEvent('receipts.updated', (e) => e.othersReadSeq === 1)).toMatchObject({
      othersDeliveredSeq: 2,
    });
    await carol.request('conversations.markRead', { conversationId });
    await alice.waitForEvent('receipts.updated', (e) => e.othersReadSeq === 2);
    expect((await alice.request('conversations.get', { conversationId })).conversation).toMatchObject({
      othersReadSeq: 2,
      othersDeliveredSeq: 2,
    });
    // Bob sees Alice's own read state: she has read her own messages, Carol has read everything.
    expect((await bob.request('conversations.get', { conversationId })).conversation.othersReadSeq).toBe(2);
    await closeAll();
  });

  it('replying counts as reading: the other side sees "seen", the replier’s other sessions lose the unread badge', async () => {
    const alice = await signUpClient(server.url, 'Alice');
    const bob = await signUpClient(server.url, 'Bob');
    const { conversation } = await alice.request('conversations.startDirect', { userId: bob.userId });
    const conversationId = conversation.id;
    await sendText(alice, conversationId, 'hi');
    await bob.request('conversations.accept', { conversationId });
    const alicePhone = await reconnect(alice);
    await sendText(bob, conversationId, 'one');
    const { message: two } = await sendText(bob, conversationId, 'two');
    await alicePhone.waitForEvent('message.created', (e) => e.message.id === two.id);
    await alicePhone.request('conversations.markUnread', { conversationId });

    // Alice answers from her laptop without opening the conversation first.
    await sendText(alice, conversationId, 'got it');
    const seen = await bob.waitForEvent('receipts.updated', (e) => e.othersReadSeq >= two.seq);
    expect(seen).toMatchObject({ conversationId, othersReadSeq: two.seq + 1 });
    const cleared = await alicePhone.waitForEvent(
      'readstate.updated',
      (e) => e.unreadCount === 0 && !e.markedUnread,
    );
    expect(cleared.lastReadSeq).toBe(two.seq + 1);
    expect((await alicePhone.request('conversations.get', { conversationId })).conversation).toMatchObject({
      unreadCount: 0,
      markedUnread: false,
    });

    // With nothing unread, a reply changes no one's read marks, so it adds no receipt or read-state event.
    const bobEvents = bob.events.length;
    await sendText(alice, conversationId, 'one more thing');
    await bob.waitForEvent('message.created', (e) => e.message.body === 'one more thing');
    await bob.request('me.get', {});
    expect(bob.events.slice(bobEvents).map((e) => e.event.type)).toEqual(['message.created']);
    await Promise.all([alice.close(), alicePhone.close(), bob.close()]);
  });

  it('reading never moves a watermark back', async () => {
    const { alice, bob, conversationId, closeAll } = await group();
    for (const body of ['a', 'b', 'c']) await sendText(alice, conversationId, body);
    await bob.request('conversations.markRead', { conversationId });
    const back = await bob.request('conversations.markRead', { conversationId, upToSeq: 1 });
    expect(back.conversation.lastReadSeq).toBe(3);
    await closeAll();
  });
});

describe('typing indicators', () => {
  it('reach the other participants only, as ephemeral events that expire, throttled', async () => {
    const { alice, bob, carol, conversationId, closeAll } = await group();
    const outsider = await signUpClient(server.url, 'Outsider');
    const alicePhone = await reconnect(alice);
    const before = Date.now();

    await alice.request('typing.set', { conversationId, typing: true });
    await alice.request('typing.set', { conversationId, typing: true }); // within the throttle: not relayed
    await alice.request('typing.set', { conversationId, typing: false });
    for (const watcher of [bob, carol]) {
      await watcher.waitFor((f) => f.type === 'ephemeral' && !f.event.typing);
      expect(watcher.ephemeral.map((e) => [e.userId, e.conversationId, e.typing])).toEqual([
        [alice.userId, conversationId, true],
        [alice.userId, conversationId, false],
      ]);
      const [started] = watcher.ephemeral;
      expect(started?.expiresAt).toBeGreaterThanOrEqual(before + LIMITS.typingExpiryMs);
      expect(started?.expiresAt).toBeLessThanOrEqual(Date.now() + LIMITS.typingExpiryMs);
    }
    // Anything for these sockets would have been sent before the answers to these requests.
    await Promise.all([alice, alicePhone, outsider].map((c) => c.request('me.get', {})));
    expect([alice, alicePhone, outsider].map((c) => c.ephemeral)).toEqual([[], [], []]);
    expect(bob.events.some((e) => (e.event.type as string) === 'typing')).toBe(false);

    await outsider.expectError('typing.set', { conversationId, typing: true }, 'NOT_FOUND');
    await Promise.all([closeAll(), alicePhone.close(), outsider.close()]);
  });
});
