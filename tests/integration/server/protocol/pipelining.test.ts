import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '../../../../src-shared/domain.ts';
import { LIMITS } from '../../../../src-shared/limits.ts';
import type { Op, OpParams, ServerFrame } from '../../../../src-shared/protocol.ts';
import { spawnServer } from '../../../support/server-process.ts';
import type { ServerProcess } from '../../../support/server-process.ts';
import { reconnect } from '../../../support/sessions.ts';
import { signUpClient } from '../../../support/test-client.ts';
import type { TestClient } from '../../../support/test-client.ts';

// docs/protocol.md, "Requests on one socket": sends overlap and keep the socket's order, every other op
// is a barrier, at most LIMITS.requestsInFlightPerSocket in flight. Runs on SQLite and on PostgreSQL.

type Response = Extract<ServerFrame, { type: 'response' }>;
interface Pipelined {
  id: string;
  op: Op;
  params: unknown;
}

let server: ServerProcess;
beforeAll(async () => {
  // Far above anything here: these tests are about order and the in-flight cap, not the send budget.
  server = await spawnServer({ args: ['--send-rate', '100000'] });
});
afterAll(async () => {
  await server?.cleanup();
});

let batches = 0;
/** Sends the requests in one TCP write, without waiting, and resolves with every answer, in request order. */
async function pipeline(client: TestClient, requests: readonly Omit<Pipelined, 'id'>[]): Promise<Response[]> {
  batches += 1;
  const frames = requests.map((request, index) => ({
    type: 'request' as const,
    id: `b${batches}-${index}`,
    op: request.op,
    params: request.params,
  }));
  const from = client.frames.length;
  const answers = frames.map(
    (frame) => client.waitFor((f) => f.type === 'response' && f.id === frame.id, from) as Promise<Response>,
  );
  client.sendBatch(frames);
  return Promise.all(answers);
}

const send = <O extends Op>(op: O, params: OpParams<O>) => ({ op, params });
const message = (response: Response): Message => {
  if (!response.ok) throw new Error(`${response.id}: ${response.error?.code ?? 'failed'}`);
  return (response.result as { message: Message }).message;
};

async function acceptedPair(): Promise<{ alice: TestClient; bob: TestClient; conversationId: string }> {
  const alice = await signUpClient(server.url, 'alice');
  const bob = await signUpClient(server.url, 'bob');
  const { conversation } = await alice.request('conversations.startDirect', { userId: bob.userId });
  await alice.request('messages.send', {
    conversationId: conversation.id,
    clientId: 'hello-0001',
    body: 'hi',
  });
  await bob.request('conversations.accept', { conversationId: conversation.id });
  return { alice, bob, conversationId: conversation.id };
}

const sends = (conversationId: string, prefix: string, count: number) =>
  Array.from({ length: count }, (_, i) =>
    send('messages.send', {
      conversationId,
      clientId: `${prefix}-${String(i).padStart(4, '0')}`,
      body: `${prefix} ${i}`,
    }),
  );

describe('pipelined requests on one socket', () => {
  it('stores a socket’s sends in the order it sent them: seqs, acks by request id, and the events', async () => {
    const { alice, bob, conversationId } = await acceptedPair();
    const requests = sends(conversationId, 'order', 100);
    const answers = await pipeline(alice, requests);

    const messages = answers.map(message);
    // Each ack answers its own request: the message it carries is the one that request sent.
    messages.forEach((m, i) => expect(m.clientId).toBe(`order-${String(i).padStart(4, '0')}`));
    const first = messages[0]?.seq ?? 0;
    expect(messages.map((m) => m.seq)).toEqual(messages.map((_, i) => first + i));

    // The partner's events follow the same order.
    const last = messages.at(-1);
    await bob.waitForEvent('message.created', (e) => e.message.id === last?.id);
    const created = bob.events
      .map((e) => e.event)
      .filter((e) => e.type === 'message.created')
      .map((e) => e.message.clientId)
      .filter((id) => id.startsWith('order-'));
    expect(created).toEqual(messages.map((m) => m.clientId));
    await Promise.all([alice.close(), bob.close()]);
  });

  it('keeps each socket’s own order when two sockets of one user pipeline into one conversation at once', async () => {
    const { alice, bob, conversationId } = await acceptedPair();
    const other = await reconnect(alice);
    const [mine, theirs] = await Promise.all([
      pipeline(alice, sends(conversationId, 'one', 40)),
      pipeline(other, sends(conversationId, 'two', 40)),
    ]);
    for (const answers of [mine, theirs]) {
      const seqs = answers.map((a) => message(a).seq);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    }
    // Interleaved with each other, but every seq taken once, with no gaps.
    const all = [...mine, ...theirs].map((a) => message(a).seq).sort((x, y) => x - y);
    const low = all[0] ?? 0;
    expect(all).toEqual(all.map((_, i) => low + i));
    await Promise.all([alice.close(), other.close(), bob.close()]);
  });

  it('lets a send see the effects of the sends before it (one message while a request is pending)', async () => {
    const carol = await signUpClient(server.url, 'carol');
    const dave = await signUpClient(server.url, 'dave', false);
    const { conversation } = await carol.request('conversations.startDirect', { userId: dave.userId });
    const [firstSend, secondSend, thirdSend] = await pipeline(carol, sends(conversation.id, 'pending', 3));
    expect(message(firstSend!).seq).toBe(1);
    expect(secondSend?.ok).toBe(false);
    expect(secondSend?.error?.code).toBe('REQUEST_PENDING');
    expect(thirdSend?.error?.code).toBe('REQUEST_PENDING');
    const history = await carol.request('messages.history', { conversationId: conversation.id });
    expect(history.messages.map((m) => m.clientId)).toEqual(['pending-0000']);
    await carol.close();
  });

  it('runs every other op as a barrier: it sees every request before it, and the ones after wait for it', async () => {
    const { alice, bob, conversationId } = await acceptedPair();
    const history = send('messages.history', { conversationId });
    const answers = await pipeline(alice, [
      ...sends(conversationId, 'before', 3),
      history,
      ...sends(conversationId, 'after', 2),
      history,
    ]);
    const bodies = (answer: Response | undefined) =>
      (answer?.result as { messages: Message[] }).messages.map((m) => m.clientId);
    // The first history waited for the three sends before it, and ran before the two after it started.
    expect(bodies(answers[3]).slice(-3)).toEqual(['before-0000', 'before-0001', 'before-0002']);
    expect(bodies(answers[3]).some((id) => id.startsWith('after-'))).toBe(false);
    expect(bodies(answers[6]).slice(-2)).toEqual(['after-0000', 'after-0001']);
    await Promise.all([alice.close(), bob.close()]);
  });

  it(`refuses a request past ${LIMITS.requestsInFlightPerSocket} in flight with TOO_MANY_IN_FLIGHT, unrun, and goes on`, async () => {
    const { alice, bob, conversationId } = await acceptedPair();
    const answers = await pipeline(
      alice,
      sends(conversationId, 'flood', LIMITS.requestsInFlightPerSocket + 72),
    );
    const accepted = answers.filter((a) => a.ok);
    const refused = answers.filter((a) => !a.ok);
    expect(accepted.length).toBeGreaterThanOrEqual(LIMITS.requestsInFlightPerSocket);
    expect(refused.length).toBeGreaterThan(0);
    for (const answer of refused) expect(answer.error?.code).toBe('TOO_MANY_IN_FLIGHT');

    // Nothing of a refused request was stored: the accepted ones hold every seq in order, with no gaps.
    const seqs = accepted.map((a) => message(a).seq);
    const low = seqs[0] ?? 0;
    expect(seqs).toEqual(seqs.map((_, i) => low + i));
    const { conversation } = await alice.request('conversations.get', { conversationId });
    expect(conversation.lastMessage?.seq).toBe(seqs.at(-1));

    // Answers free their places: the socket takes requests again.
    const after = await alice.request('messages.send', {
      conversationId,
      clientId: 'after-the-flood',
      body: 'ok',
    });
    expect(after.message.seq).toBe((seqs.at(-1) ?? 0) + 1);
    await Promise.all([alice.close(), bob.close()]);
  });
});
