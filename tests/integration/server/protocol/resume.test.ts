import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerFrame } from '../../../../src-shared/protocol.ts';
import { spawnServer } from '../../../support/server-process.ts';
import type { ServerProcess } from '../../../support/server-process.ts';
import { reconnect, sendText } from '../../../support/sessions.ts';
import { signUpClient } from '../../../support/test-client.ts';

const RETENTION = 5;
let server: ServerProcess;
beforeAll(async () => {
  server = await spawnServer({ args: ['--event-retention', String(RETENTION)] });
});
afterAll(async () => {
  await server?.cleanup();
});

/** Alice and Bob in an accepted conversation; Bob's socket is closed at `bobSeq`, the last event he applied. */
async function bobGoesAway() {
  const alice = await signUpClient(server.url, 'Alice');
  const bob = await signUpClient(server.url, 'Bob');
  const { conversation } = await alice.request('conversations.startDirect', { userId: bob.userId });
  await sendText(alice, conversation.id, 'hi');
  await bob.request('conversations.accept', { conversationId: conversation.id });
  await bob.request('me.get', {}); // every event of the accept has reached Bob's socket
  const bobSeq = bob.lastSeq;
  await bob.close();
  return { alice, bob, conversationId: conversation.id, bobSeq };
}

const kinds = (frames: readonly ServerFrame[]) => frames.map((f) => f.type);

describe('resume after a disconnect', () => {
  it('replays what was missed, in order, then caught_up, then goes live', async () => {
    const { alice, bob, conversationId, bobSeq } = await bobGoesAway();
    for (const body of ['missed 1', 'missed 2', 'missed 3']) await sendText(alice, conversationId, body);

    const back = await reconnect(bob, bobSeq);
    const welcome = back.frames[0];
    if (welcome?.type !== 'welcome') throw new Error('expected welcome first');
    expect(kinds(back.frames)).toEqual(['welcome', 'event', 'event', 'event', 'caught_up']);
    expect(back.events.map((e) => e.seq)).toEqual([bobSeq + 1, bobSeq + 2, bobSeq + 3]);
    expect(
      back.events.map((e) => (e.event.type === 'message.created' ? e.event.message.body : e.event.type)),
    ).toEqual(['missed 1', 'missed 2', 'missed 3']);
    expect(back.frames.at(-1)).toEqual({ type: 'caught_up', seq: bobSeq + 3 });
    expect(welcome.latestSeq).toBe(bobSeq + 3);

    await sendText(alice, conversationId, 'live');
    const live = await back.waitForEvent('message.created', (e) => e.message.body === 'live');
    expect(live.message.body).toBe('live');
    expect(back.lastSeq).toBe(bobSeq + 4);
    await Promise.all([alice.close(), back.close()]);
  });

  it('a fresh start (resumeFromSeq null) replays nothing and starts at the latest seq', async () => {
    const { alice, bob, bobSeq } = await bobGoesAway();
    const fresh = await reconnect(bob, null);
    expect(kinds(fresh.frames)).toEqual(['welcome', 'caught_up']);
    expect(fresh.frames.at(-1)).toEqual({ type: 'caught_up', seq: bobSeq });
    await Promise.all([alice.close(), fresh.close()]);
  });

  it('a seq the server never issued gets resync_required', async () => {
    const { alice, bob, bobSeq } = await bobGoesAway();
    const confused = await reconnect(bob, bobSeq + 50);
    expect(kinds(confused.frames)).toEqual(['welcome', 'resync_required', 'caught_up']);
    expect(confused.frames[1]).toEqual({ type: 'resync_required', latestSeq: bobSeq });
    expect(confused.frames[2]).toEqual({ type: 'caught_up', seq: bobSeq });
    await Promise.all([alice.close(), confused.close()]);
  });

  it(`a client further behind than the ${RETENTION} kept events gets resync_required; one within them is replayed`, async () => {
    const { alice, bob, conversationId, bobSeq } = await bobGoesAway();
    for (let i = 1; i <= RETENTION + 3; i += 1) await sendText(alice, conversationId, `burst ${i}`);
    const latest = bobSeq + RETENTION + 3;

    // The server trims each log in the transaction that outdates its oldest event: no waiting needed.
    const behind = await reconnect(bob, bobSeq);
    expect(kinds(behind.frames)).toEqual(['welcome', 'resync_required', 'caught_up']);
    expect(behind.frames.find((f) => f.type === 'resync_required')).toEqual({
      type: 'resync_required',
      latestSeq: latest,
    });
    expect(behind.events).toEqual([]);

    const near = await reconnect(bob, latest - 2);
    expect(near.events.map((e) => e.seq)).toEqual([latest - 1, latest]);
    expect(kinds(near.frames)).not.toContain('resync_required');
    await Promise.all([alice.close(), behind.close(), near.close()]);
  });
});
