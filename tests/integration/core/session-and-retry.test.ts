import { describe, expect, it } from 'vitest';
import { followCreator, signedUpCore, useServer } from './harness.ts';

/**
 * Sign-out forgets the account on this machine; the server's retryable refusals (here RATE_LIMITED from a
 * server allowing one send per window) retry with backoff and fail after the retry budget.
 */
const env = useServer();
const strict = useServer({ args: ['--send-rate', '1'] });

describe('session', () => {
  it('sign-out revokes the session and wipes the cache; signing in again resyncs from the server', async () => {
    const [ann, ben, cy] = env.track(
      ...(await Promise.all(['ann', 'ben', 'cy'].map((n) => signedUpCore(env.server.url, n)))),
    );
    if (!ann || !ben || !cy) throw new Error('setup');
    await followCreator(ann, ben, cy);
    const { conversation } = await ann.call('conversations.createGroup', {
      userIds: [ben.me.id, cy.me.id],
      title: 'Mix',
    });
    await ann.call('drafts.set', { conversationId: conversation.id, body: 'not finished' });
    const username = ann.me.username;

    const signedOut = ann.core.events.next('session.changed', (p) => p.me === null);
    await ann.call('session.signOut', {});
    await signedOut;
    expect(ann.core.connectionState()).toEqual({ status: 'signed_out', reason: 'signed_out' });
    expect((await ann.call('conversations.list', {})).conversations).toEqual([]);
    expect(await ann.call('drafts.get', { conversationId: conversation.id })).toEqual({ body: null });
    expect(await ann.failure('users.search', { query: '' })).toBe('SIGNED_OUT');

    const resynced = ann.core.trace.waitFor('resync.done');
    await ann.call('session.signIn', { username, password: 'correct horse' });
    await resynced;
    const list = (await ann.call('conversations.list', {})).conversations;
    expect(list.map((c) => c.title)).toEqual(['Mix']);
    expect(await ann.failure('session.signIn', { username, password: 'wrong password' })).toBe(
      'INVALID_CREDENTIALS',
    );
  });
});

describe('retries', () => {
  it('retries a rate-limited send once the server’s wait is over, and sends it', async () => {
    const [dot, eve, fox] = strict.track(
      ...(await Promise.all(
        ['dot', 'eve', 'fox'].map((n) => signedUpCore(strict.server.url, n, { outbox: { retryBudget: 3 } })),
      )),
    );
    if (!dot || !eve || !fox) throw new Error('setup');
    await followCreator(dot, eve, fox);
    const { conversation } = await dot.call('conversations.createGroup', { userIds: [eve.me.id, fox.me.id] });
    const firstAck = dot.core.trace.waitFor('message.acked');
    await dot.call('messages.send', { conversationId: conversation.id, body: 'first' });
    await firstAck;

    const scheduled = dot.core.trace.waitFor('message.retry-scheduled');
    const { message } = await dot.call('messages.send', { conversationId: conversation.id, body: 'second' });
    const acked = dot.core.trace.waitFor('message.acked', (e) => e.clientId === message.clientId, 25_000);
    const retry = await scheduled;
    expect(retry).toMatchObject({ clientId: message.clientId, attempt: 1, code: 'RATE_LIMITED' });
    // The server asked to wait for its bucket to refill (seconds); the retry is not before that, whatever
    // the backoff (50–500 ms here) drew.
    expect(retry.retryAt - retry.at).toBeGreaterThan(1_000);
    const ack = await acked;
    expect(ack.at).toBeGreaterThanOrEqual(retry.retryAt);
  }, 30_000);

  it('fails a send that stays refused past the retry budget, and shows why', async () => {
    const [gus, hal, ida] = strict.track(
      ...(await Promise.all(
        ['gus', 'hal', 'ida'].map((n) => signedUpCore(strict.server.url, n, { outbox: { retryBudget: 1 } })),
      )),
    );
    if (!gus || !hal || !ida) throw new Error('setup');
    await followCreator(gus, hal, ida);
    const { conversation } = await gus.call('conversations.createGroup', { userIds: [hal.me.id, ida.me.id] });
    const firstAck = gus.core.trace.waitFor('message.acked');
    await gus.call('messages.send', { conversationId: conversation.id, body: 'first' });
    await firstAck;
    const failed = gus.core.trace.waitFor('message.failed');
    const { message } = await gus.call('messages.send', { conversationId: conversation.id, body: 'second' });
    expect(await failed).toMatchObject({ clientId: message.clientId, code: 'RETRY_BUDGET_EXHAUSTED' });
    const shown = (await gus.call('conversations.open', { conversationId: conversation.id })).messages.find(
      (m) => m.clientId === message.clientId,
    );
    expect(shown?.state).toBe('failed');
    expect(shown?.failure?.message).toMatch(/Gave up after 1 attempt: .*try again in/);
  });
});
