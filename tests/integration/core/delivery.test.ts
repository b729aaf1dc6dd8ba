import { describe, expect, it } from 'vitest';
import type { Trace } from '../../../src-main/core/trace.ts';
import { connectionStatus, followCreator, signedUpCore, useServer } from './harness.ts';
import type { TestCore } from './harness.ts';

/**
 * "Nothing lost": offline sends, a server that restarts or crashes mid-send, an app restarted with a full
 * outbox, and a lost ack. The server's own history is the judge: every message exactly once, in order.
 */
const env = useServer();

async function trio(): Promise<{ alice: TestCore; bob: TestCore; conversationId: string }> {
  const [alice, bob, carl] = await Promise.all(
    ['alice', 'bob', 'carl'].map((n) => signedUpCore(env.server.url, n)),
  );
  if (!alice || !bob || !carl) throw new Error('setup');
  env.track(alice, bob, carl);
  await followCreator(alice, bob, carl);
  const { conversation } = await alice.call('conversations.createGroup', {
    userIds: [bob.me.id, carl.me.id],
  });
  return { alice, bob, conversationId: conversation.id };
}

/** Resolves when every one of `clientIds` has been acked on this trace. */
function allAcked(trace: Trace, clientIds: () => readonly string[]): Promise<Map<string, boolean>> {
  return new Promise((resolve) => {
    const acked = new Map<string, boolean>();
    const off = trace.on('message.acked', (e) => {
      acked.set(e.clientId, e.duplicate);
      if (clientIds().every((id) => acked.has(id))) {
        off();
        resolve(acked);
      }
    });
  });
}

/** The conversation as the server stores it (asked by another participant). */
async function serverHistory(reader: TestCore, conversationId: string): Promise<string[]> {
  const { messages } = await reader.core.connection.request('messages.history', {
    conversationId,
    limit: 100,
  });
  return messages.map((m) => m.body);
}

describe('delivery', () => {
  it('sends what was written offline once the server is back, exactly once and in order', async () => {
    const { alice, bob, conversationId } = await trio();
    await env.server.stop();
    await connectionStatus(alice, 'offline', 20_000);
    const sent: string[] = [];
    for (const body of ['one', 'two', 'three']) {
      const { message } = await alice.call('messages.send', { conversationId, body });
      expect(message.state).toBe('sending');
      sent.push(message.clientId);
    }
    // Readable while offline: the unsent messages show in the conversation from the cache.
    const offlineView = await alice.call('conversations.open', { conversationId });
    expect(offlineView.messages.map((m) => [m.body, m.state])).toEqual([
      ['one', 'sending'],
      ['two', 'sending'],
      ['three', 'sending'],
    ]);
    const acked = allAcked(alice.core.trace, () => sent);
    await env.server.restart();
    await acked;
    await connectionStatus(bob, 'online', 20_000);
    expect(await serverHistory(bob, conversationId)).toEqual(['one', 'two', 'three']);
  });

  it('survives a server crash in the middle of a burst of sends without losing or doubling any', async () => {
    const { alice, bob, conversationId } = await trio();
    const bodies = Array.from({ length: 12 }, (_, i) => `burst ${i + 1}`);
    const clientIds: string[] = [];
    const acked = allAcked(alice.core.trace, () => clientIds);
    const firstAck = alice.core.trace.waitFor('message.acked');
    for (const body of bodies)
      clientIds.push((await alice.call('messages.send', { conversationId, body })).message.clientId);
    await firstAck;
    await env.server.kill();
    await env.server.restart();
    await acked;
    await connectionStatus(bob, 'online', 20_000);
    expect(await serverHistory(bob, conversationId)).toEqual(bodies);
  });

  it('sends a full outbox after an app restart, exactly once, even when an ack was lost', async () => {
    const { alice, bob, conversationId } = await trio();
    await env.server.stop();
    await connectionStatus(alice, 'offline', 20_000);
    const clientIds: string[] = [];
    for (const body of ['a', 'b', 'c', 'd', 'e'])
      clientIds.push((await alice.call('messages.send', { conversationId, body })).message.clientId);
    alice.close(); // quit with five unsent messages
    await env.server.restart();

    let core = alice.restart();
    const acked = allAcked(core.trace, () => clientIds);
    core.start();
    expect((await acked).size).toBe(5);
    await connectionStatus(bob, 'online', 20_000);
    expect(await serverHistory(bob, conversationId)).toEqual(['a', 'b', 'c', 'd', 'e']);

    // The server stored "c" but the app died before recording the ack: the outbox still holds it.
    const stored = core.cache.messages.byClientId(alice.me.id, clientIds[2] ?? '');
    if (!stored) throw new Error('c not cached');
    core.cache.messages.deleteConversation(conversationId);
    core.cache.outbox.add({
      clientId: stored.clientId,
      conversationId,
      authorId: alice.me.id,
      body: 'c',
      createdAt: Date.now(),
    });
    core = alice.restart();
    const resent = core.trace.waitFor('message.acked', (e) => e.clientId === stored.clientId);
    core.start();
    expect((await resent).duplicate).toBe(true);
    expect(await serverHistory(bob, conversationId)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(core.cache.outbox.all()).toEqual([]);
  });
});
