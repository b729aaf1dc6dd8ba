import { describe, expect, it } from 'vitest';
import type { MessageView } from '../../../src-shared/ipc.ts';
import { followCreator, signedUpCore, useServer } from './harness.ts';
import type { TestCore } from './harness.ts';

/**
 * Failures the person can see: a send the server does not acknowledge turns failed within the deadline
 * (here 1.5 s instead of the app's 10 s, to keep the test short), is marked on its conversation, and
 * still goes out by itself (failed → sent); discard returns the text and can be undone; "mark all as
 * read" leaves message requests alone.
 */
const env = useServer();
const ACK_TIMEOUT_MS = 1_500;

async function pair(): Promise<{ ann: TestCore; bob: TestCore; conversationId: string }> {
  const options = { outbox: { ackTimeoutMs: ACK_TIMEOUT_MS } };
  const [ann, bob, cy] = await Promise.all(
    ['ann', 'bob', 'cy'].map((n) => signedUpCore(env.server.url, n, options)),
  );
  if (!ann || !bob || !cy) throw new Error('setup');
  env.track(ann, bob, cy);
  await followCreator(ann, bob, cy);
  const { conversation } = await ann.call('conversations.createGroup', { userIds: [bob.me.id, cy.me.id] });
  return { ann, bob, conversationId: conversation.id };
}

/** The next `messages.changed` carrying this client id in a state that passes `test`. */
function nextView(core: TestCore, clientId: string, test: (m: MessageView) => boolean): Promise<MessageView> {
  return core.core.events
    .next('messages.changed', (p) => p.messages.some((m) => m.clientId === clientId && test(m)), 20_000)
    .then((p) => p.messages.find((m) => m.clientId === clientId) as MessageView);
}

async function failedCount(core: TestCore, conversationId: string): Promise<number | undefined> {
  const { conversations } = await core.call('conversations.list', {});
  return conversations.find((c) => c.id === conversationId)?.failedMessages;
}

describe('a send the server does not acknowledge', () => {
  it('shows as failed within the deadline (TIMEOUT, willRetry), is marked on its row, then goes out by itself', async () => {
    const { ann, bob, conversationId } = await pair();
    env.server.pause();
    try {
      const { message } = await ann.call('messages.send', { conversationId, body: 'are you there?' });
      expect(message.state).toBe('sending');
      const failed = await nextView(ann, message.clientId, (m) => m.state === 'failed');
      expect(failed.failure).toMatchObject({ code: 'TIMEOUT', willRetry: true });
      expect(failed.failure?.message).toMatch(/did not confirm this message within 2 s/);
      expect(await failedCount(ann, conversationId)).toBe(1);

      const sent = nextView(ann, message.clientId, (m) => m.state === 'sent');
      env.server.resume();
      expect((await sent).seq).toBeGreaterThan(0);
    } finally {
      env.server.resume();
    }
    expect(await failedCount(ann, conversationId)).toBe(0);
    // Exactly once on the server.
    const { messages } = await bob.core.connection.request('messages.history', { conversationId, limit: 10 });
    expect(messages.filter((m) => m.body === 'are you there?')).toHaveLength(1);
  }, 40_000);

  it('without a connection it fails as OFFLINE, and is sent when the server is back', async () => {
    const { ann, bob, conversationId } = await pair();
    await env.server.stop();
    let restarted = false;
    try {
      await ann.core.events.next('connection.changed', (s) => s.status === 'offline', 20_000);
      const { message } = await ann.call('messages.send', { conversationId, body: 'written offline' });
      const failed = await nextView(ann, message.clientId, (m) => m.state === 'failed');
      expect(failed.failure).toMatchObject({ code: 'OFFLINE', willRetry: true });
      const sent = nextView(ann, message.clientId, (m) => m.state === 'sent');
      await env.server.restart();
      restarted = true;
      await sent;
    } finally {
      if (!restarted) await env.server.restart();
    }
    // Bob's core reconnects on its own schedule after the restart.
    if (bob.core.connectionState().status !== 'online')
      await bob.core.events.next('connection.changed', (state) => state.status === 'online', 20_000);
    const { messages } = await bob.core.connection.request('messages.history', { conversationId, limit: 10 });
    expect(messages.filter((m) => m.body === 'written offline')).toHaveLength(1);
  }, 60_000);
});

describe('a message failed for good', () => {
  it('discard returns its text (for Edit) and can be undone; retry sends it', async () => {
    const { ann, conversationId } = await pair();
    // Over the server's limit: refused at once, failed for good.
    const tooLong = 'x'.repeat(2_001);
    const failed = ann.core.trace.waitFor('message.failed');
    const { message } = await ann.call('messages.send', { conversationId, body: tooLong });
    expect(await failed).toMatchObject({ clientId: message.clientId, code: 'MESSAGE_TOO_LONG' });
    expect(await failedCount(ann, conversationId)).toBe(1);

    const removed = ann.core.events.next('messages.removed', (p) => p.clientId === message.clientId);
    expect(await ann.call('messages.discard', { clientId: message.clientId })).toEqual({
      ok: true,
      discarded: { clientId: message.clientId, conversationId, body: tooLong },
    });
    await removed;
    expect(await failedCount(ann, conversationId)).toBe(0);

    const restored = await ann.call('messages.restore', { clientId: message.clientId });
    expect(restored.message).toMatchObject({
      clientId: message.clientId,
      state: 'failed',
      body: tooLong,
      failure: { code: 'MESSAGE_TOO_LONG', willRetry: false },
    });
    expect(await failedCount(ann, conversationId)).toBe(1);
    expect(await ann.failure('messages.restore', { clientId: message.clientId })).toBe('NOT_FOUND');

    // Discarding and restoring kept it failed; a retry tries again (and the server refuses again).
    const again = ann.core.trace.waitFor('message.failed', (e) => e.clientId === message.clientId);
    expect((await ann.call('messages.retry', { clientId: message.clientId })).message.state).toBe('sending');
    expect(await again).toMatchObject({ code: 'MESSAGE_TOO_LONG' });
  });

  it('a message still within its deadline cannot be discarded', async () => {
    const { ann, conversationId } = await pair();
    env.server.pause();
    try {
      const { message } = await ann.call('messages.send', { conversationId, body: 'pending' });
      expect(await ann.failure('messages.discard', { clientId: message.clientId })).toBe('NOT_FOUND');
    } finally {
      env.server.resume();
    }
  });
});

describe('mark all as read', () => {
  it('marks every conversation with unread messages read, and leaves message requests alone', async () => {
    const { ann, bob, conversationId } = await pair();
    const [dee] = env.track(await signedUpCore(env.server.url, 'dee'));
    if (!dee) throw new Error('setup');
    const request = await dee.call('conversations.startDirect', { userId: ann.me.id });
    const counted = ann.core.events.next('badge.changed', (p) => p.count >= 3, 20_000);
    await bob.call('messages.send', { conversationId, body: 'one' });
    await bob.call('messages.send', { conversationId, body: 'two' });
    await dee.call('messages.send', { conversationId: request.conversation.id, body: 'hi, can we talk?' });
    await counted;

    const cleared = ann.core.events.next('badge.changed', (p) => p.count === 1, 20_000);
    expect(await ann.call('conversations.markAllRead', {})).toEqual({ marked: 1 });
    await cleared;
    const { conversations } = await ann.call('conversations.list', {});
    expect(conversations.find((c) => c.id === conversationId)?.unreadCount).toBe(0);
    // The request stays unread, and its sender saw no read receipt.
    expect(conversations.find((c) => c.id === request.conversation.id)?.unreadCount).toBe(1);
    const { conversation } = await dee.core.connection.request('conversations.get', {
      conversationId: request.conversation.id,
    });
    expect(conversation.othersReadSeq).toBe(0);
  });
});
