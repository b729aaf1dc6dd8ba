import { describe, expect, it } from 'vitest';
import { SEND_WINDOW } from '../../../src-main/core/outbox/outbox.ts';
import { allServerBodies, connectionStatus, followCreator, signedUpCore, useServer } from './harness.ts';
import type { TestCore } from './harness.ts';

/**
 * Issue 12, client side: a client that comes back with 1,000 queued messages sends them pipelined (many
 * in flight on the one socket), and still every conversation's messages are stored in the order written,
 * each exactly once, against the real server process (which keeps a socket's sends in arrival order).
 * The server is stopped mid-flush once, so the pipelined resend after a dropped socket is covered too.
 */
// No send rate limit: the flush, not the server's pacing, is under test.
const env = useServer({ args: ['--send-rate', '1000000'] });

const QUEUED = 1_000;

/** The test's messages in the conversation's server history, oldest first. */
async function queuedBodies(reader: TestCore, conversationId: string): Promise<string[]> {
  return (await allServerBodies(reader, conversationId)).filter((b) => /^c\d m\d+$/.test(b));
}

describe('outbox pipelining', () => {
  it('flushes 1,000 queued messages with many in flight, in order per conversation, exactly once', async () => {
    const [alice, bob, carl] = await Promise.all(
      ['alice', 'bob', 'carl'].map((n) => signedUpCore(env.server.url, n)),
    );
    if (!alice || !bob || !carl) throw new Error('setup');
    env.track(alice, bob, carl);
    await followCreator(alice, bob, carl);
    const conversations = await Promise.all(
      [0, 1, 2].map(async () => {
        const { conversation } = await alice.call('conversations.createGroup', {
          userIds: [bob.me.id, carl.me.id],
        });
        return conversation.id;
      }),
    );

    // Bob and Carl only make the groups: closed, so this process does the sending alone.
    bob.close();
    carl.close();
    await env.server.stop();
    await connectionStatus(alice, 'offline', 30_000);
    const written = new Map<string, string[]>(conversations.map((id) => [id, []]));
    for (let i = 0; i < QUEUED; i += 1) {
      const c = i % 3;
      const id = conversations[c] ?? '';
      const body = `c${c} m${i}`;
      alice.core.outbox.enqueue(id, body);
      written.get(id)?.push(body);
    }

    let inFlight = 0;
    let maxInFlight = 0;
    let acked = 0;
    const offSent = alice.core.trace.on('message.sent', () => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
    });
    const offAcked = alice.core.trace.on('message.acked', () => {
      inFlight -= 1;
      acked += 1;
    });
    // Once a third is acked, the server dies (SIGKILL) and comes back: the rest goes out after reconnect.
    const third = new Promise<void>((resolve) => {
      const off = alice.core.trace.on('message.acked', () => {
        if (acked < QUEUED / 3) return;
        off();
        resolve();
      });
    });
    const drained = new Promise<void>((resolve) => {
      const off = alice.core.trace.on('outbox.idle', () => {
        if (alice.core.cache.outbox.pendingCount() > 0) return;
        off();
        resolve();
      });
    });
    await env.server.restart();
    await third;
    await env.server.kill();
    inFlight = 0; // every send in flight was rejected with the socket
    await env.server.restart();
    await drained;
    offSent();
    offAcked();

    expect(maxInFlight).toBeGreaterThan(1);
    expect(maxInFlight).toBeLessThanOrEqual(SEND_WINDOW);
    expect(alice.core.cache.outbox.all()).toEqual([]);
    for (const id of conversations) expect(await queuedBodies(alice, id)).toEqual(written.get(id));
    expect(alice.core.unexpected.count).toBe(0);
  }, 120_000);
});
