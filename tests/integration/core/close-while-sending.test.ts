import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UnexpectedErrors } from '../../../src-main/core/unexpected.ts';
import { allServerBodies, followCreator, restartCore, signedUpCore, useServer } from './harness.ts';

/**
 * Closing the core while the outbox is sending (an app quit with messages queued): the pump stops before
 * the cache closes, so no answer or rejection arriving afterwards touches the closed store ("The database
 * connection is not open"), and what was not acked stays queued for the next start.
 */
// No send rate limit: the test is about closing, not about the server's pacing.
const env = useServer({ args: ['--send-rate', '100000'] });

const rejections: unknown[] = [];
const onRejection = (reason: unknown) => rejections.push(reason);
beforeEach(() => {
  rejections.length = 0;
  process.on('unhandledRejection', onRejection);
});
afterEach(() => {
  process.off('unhandledRejection', onRejection);
});

/** One full turn of the event loop: unhandled rejections are reported before it ends. */
function nextLoopTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

describe('closing with a non-empty outbox', () => {
  it('stops the pump before the store closes: no unexpected failure, no unhandled rejection', async () => {
    const reports: string[] = [];
    const unexpected = new UnexpectedErrors((where, error) => reports.push(`${where}: ${String(error)}`));
    const alice = await signedUpCore(env.server.url, 'alice', { unexpected });
    const bob = await signedUpCore(env.server.url, 'bob');
    const carl = await signedUpCore(env.server.url, 'carl');
    env.track(alice, bob, carl);
    await followCreator(alice, bob, carl);
    const { conversation } = await alice.call('conversations.createGroup', {
      userIds: [bob.me.id, carl.me.id],
    });

    const firstSent = alice.core.trace.waitFor('message.sent');
    for (let i = 0; i < 200; i += 1) alice.core.outbox.enqueue(conversation.id, `m${i}`);
    await firstSent;
    // Requests are in flight: close now, as an app quit would.
    alice.close();
    await alice.core.whenStopped();
    await nextLoopTurn();

    expect(reports).toEqual([]);
    expect(unexpected.count).toBe(0);
    expect(rejections).toEqual([]);

    // What was not acked is still queued: a restart sends it, and the server holds each message once.
    const idle = () =>
      alice.core.cache.outbox.pendingCount() === 0
        ? Promise.resolve()
        : alice.core.trace.waitFor('outbox.idle', () => true, 30_000).then(() => undefined);
    await restartCore(alice);
    await idle();
    expect(alice.core.cache.outbox.all()).toEqual([]);
    const bodies = (await allServerBodies(bob, conversation.id)).filter((b) => /^m\d+$/.test(b));
    expect(bodies).toEqual(Array.from({ length: 200 }, (_, i) => `m${i}`));
    expect(alice.core.unexpected.count).toBe(0);
  });
});
