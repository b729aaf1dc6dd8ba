import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../../../src-shared/limits.ts';
import { spawnServer } from '../../../support/server-process.ts';
import type { ServerProcess } from '../../../support/server-process.ts';
import { sendText } from '../../../support/sessions.ts';
import { signUpClient } from '../../../support/test-client.ts';

let server: ServerProcess;
beforeAll(async () => {
  // History paging needs a few hundred sends from one socket.
  server = await spawnServer({ args: ['--send-rate', '1000'] });
});
afterAll(async () => {
  await server?.cleanup();
});

async function acceptedPair() {
  const alice = await signUpClient(server.url, 'Alice');
  const bob = await signUpClient(server.url, 'Bob');
  const { conversation } = await alice.request('conversations.startDirect', { userId: bob.userId });
  await sendText(alice, conversation.id, 'hi');
  await bob.request('conversations.accept', { conversationId: conversation.id });
  return {
    alice,
    bob,
    conversationId: conversation.id,
    closeAll: () => Promise.all([alice.close(), bob.close()]),
  };
}

describe('message bodies', () => {
  it('are trimmed; blank is MESSAGE_EMPTY', async () => {
    const { alice, conversationId, closeAll } = await acceptedPair();
    expect((await sendText(alice, conversationId, '\n\t  spaced out \n ')).message.body).toBe('spaced out');
    await alice.expectError(
      'messages.send',
      { conversationId, clientId: 'blank-body-1', body: ' \n\t ' },
      'MESSAGE_EMPTY',
    );
    await alice.expectError(
      'messages.send',
      { conversationId, clientId: 'blank-body-2', body: '' },
      'MESSAGE_EMPTY',
    );
    await closeAll();
  });

  it(`may have ${LIMITS.messageMaxChars} characters (code points, after trimming), not one more`, async () => {
    const { alice, conversationId, closeAll } = await acceptedPair();
    const max = '🎹'.repeat(LIMITS.messageMaxChars);
    expect((await sendText(alice, conversationId, `  ${max}  `)).message.body).toBe(max);
    const error = await alice.expectError(
      'messages.send',
      { conversationId, clientId: 'too-long-body', body: `${max}!` },
      'MESSAGE_TOO_LONG',
    );
    expect(error.message).toContain(String(LIMITS.messageMaxChars));
    await closeAll();
  });

  it('only participants can send or read: others get NOT_FOUND', async () => {
    const { conversationId, closeAll } = await acceptedPair();
    const eve = await signUpClient(server.url, 'Eve');
    await eve.expectError(
      'messages.send',
      { conversationId, clientId: 'intruder-01', body: 'hi' },
      'NOT_FOUND',
    );
    await eve.expectError('messages.history', { conversationId }, 'NOT_FOUND');
    await eve.expectError('conversations.open', { conversationId }, 'NOT_FOUND');
    await Promise.all([closeAll(), eve.close()]);
  });
});

describe('history', () => {
  it(`returns the newest ${LIMITS.historyPageMax} oldest first, and pages back with beforeSeq until hasMore is false`, async () => {
    const { alice, bob, conversationId, closeAll } = await acceptedPair();
    const total = 2 * LIMITS.historyPageMax + 30; // plus the request message: seqs 1..total+1
    for (let i = 1; i <= total; i += 1) await sendText(i % 2 ? alice : bob, conversationId, `m${i}`);
    const last = total + 1;

    const newest = await bob.request('messages.history', { conversationId });
    expect(newest.messages).toHaveLength(LIMITS.historyPageMax);
    expect(newest.messages.map((m) => m.seq)).toEqual(range(last - LIMITS.historyPageMax + 1, last));
    expect(newest.hasMore).toBe(true);

    const seqs = [...newest.messages.map((m) => m.seq)];
    let page = newest;
    while (page.hasMore) {
      page = await bob.request('messages.history', { conversationId, beforeSeq: page.messages[0]?.seq });
      seqs.unshift(...page.messages.map((m) => m.seq));
    }
    expect(seqs).toEqual(range(1, last));
    expect(page.messages.map((m) => m.seq)).toEqual(range(1, last - 2 * LIMITS.historyPageMax));

    const small = await bob.request('messages.history', { conversationId, beforeSeq: 11, limit: 5 });
    expect(small.messages.map((m) => m.body)).toEqual(['m5', 'm6', 'm7', 'm8', 'm9']);
    expect(small.hasMore).toBe(true);
    const exact = await bob.request('messages.history', { conversationId, beforeSeq: 3, limit: 2 });
    expect(exact).toMatchObject({ hasMore: false, messages: [{ seq: 1, body: 'hi' }, { seq: 2 }] });

    const opened = await bob.request('conversations.open', { conversationId });
    expect(opened.messages.map((m) => m.seq)).toEqual(newest.messages.map((m) => m.seq));
    expect(opened.hasMore).toBe(true);
    await bob.expectError(
      'messages.history',
      { conversationId, limit: LIMITS.historyPageMax + 1 },
      'VALIDATION_FAILED',
    );
    await closeAll();
  });
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
