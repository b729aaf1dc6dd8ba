import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../../../src-shared/limits.ts';
import { spawnServer } from '../../../support/server-process.ts';
import type { ServerProcess } from '../../../support/server-process.ts';
import { consentTo, reconnect, sendText } from '../../../support/sessions.ts';
import { signUpClient } from '../../../support/test-client.ts';

let server: ServerProcess;
beforeAll(async () => {
  server = await spawnServer({ args: ['--send-rate', '3'] });
});
afterAll(async () => {
  await server?.cleanup();
});

describe('per-user send rate limit', () => {
  it('refuses the send past the budget with RATE_LIMITED and when to retry, on every socket of the user; other requests and users go on', async () => {
    const alice = await signUpClient(server.url, 'Alice');
    const bob = await signUpClient(server.url, 'Bob');
    const carol = await signUpClient(server.url, 'Carol', false);
    await consentTo(alice, bob, carol);
    const { conversation } = await alice.request('conversations.createGroup', {
      userIds: [bob.userId, carol.userId],
    });
    for (const body of ['one', 'two', 'three']) await sendText(alice, conversation.id, body);

    const error = await alice.expectError(
      'messages.send',
      { conversationId: conversation.id, clientId: 'over-the-limit', body: 'four' },
      'RATE_LIMITED',
    );
    expect(error.retryAfterMs).toBeGreaterThan(0);
    expect(error.retryAfterMs).toBeLessThanOrEqual(LIMITS.sendRateWindowMs);

    // Only sends are limited this tightly; another socket of Alice's shares her budget; Bob has his own.
    const history = await alice.request('messages.history', { conversationId: conversation.id });
    expect(history.messages.map((m) => m.body)).toEqual(['one', 'two', 'three']);
    const other = await reconnect(alice);
    await other.expectError(
      'messages.send',
      { conversationId: conversation.id, clientId: 'from-another-socket', body: 'five' },
      'RATE_LIMITED',
    );
    const sent = await sendText(bob, conversation.id, 'bob has his own budget');
    expect(sent.message.seq).toBe(4);
    await Promise.all([alice.close(), other.close(), bob.close()]);
  });
});
