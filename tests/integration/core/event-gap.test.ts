import { afterEach, describe, expect, it } from 'vitest';
import type { TraceEvent, TraceName } from '../../../src-main/core/trace.ts';
import { FaultProxy } from '../../support/fault-proxy.ts';
import { runSqlOnStore } from '../../support/server-db.ts';
import { followCreator, signedUpCore, useServer } from './harness.ts';
import type { TestCore } from './harness.ts';

/**
 * A gap in the event stream: the server sends each user's events gap-free and in order, so a frame that
 * never arrives (here a fault proxy leaves one out, with the connection itself intact) must not be
 * skipped. The core applies up to the gap, resumes from there on a new socket, and the server's replay
 * fills it; if the server's log itself has no such event, the core accepts the gap once the replay jumps
 * it too, and refetches the conversation list. Real server process, real cores, real sockets.
 */
const env = useServer();
const proxies: FaultProxy[] = [];

afterEach(async () => {
  for (const proxy of proxies.splice(0)) await proxy.close();
});

/** Every `name` trace event of `test`'s core from now on, and a wait for one that may already be in. */
function watch<N extends TraceName>(test: TestCore, name: N) {
  const seen: TraceEvent<N>[] = [];
  const waiters: { match: (e: TraceEvent<N>) => boolean; resolve: (e: TraceEvent<N>) => void }[] = [];
  test.core.trace.on(name, (event) => {
    seen.push(event);
    for (const waiter of waiters.splice(0)) {
      if (waiter.match(event)) waiter.resolve(event);
      else waiters.push(waiter);
    }
  });
  return {
    seen,
    until(match: (e: TraceEvent<N>) => boolean = () => true): Promise<TraceEvent<N>> {
      const found = seen.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
  };
}

/** Alice and Carl connect straight to the server, Bob through a fault proxy; all three in one group. */
async function world() {
  const proxy = await FaultProxy.start({ target: { port: env.server.port } });
  proxies.push(proxy);
  const alice = await signedUpCore(env.server.url, 'alice');
  const carl = await signedUpCore(env.server.url, 'carl');
  const bob = await signedUpCore(proxy.url, 'bob');
  env.track(alice, bob, carl);
  await followCreator(alice, bob, carl);
  const bobKnows = bob.core.events.next('conversations.changed', (p) =>
    p.conversations.some((c) => c.title === 'Gaps'),
  );
  const { conversation } = await alice.call('conversations.createGroup', {
    userIds: [bob.me.id, carl.me.id],
    title: 'Gaps',
  });
  await bobKnows;
  return { proxy, alice, bob, conversationId: conversation.id };
}

/** Bob's socket is dropped; the new one goes through the proxy as it is set up now. */
async function reconnectThroughFilter(bob: TestCore, proxy: FaultProxy): Promise<void> {
  const caughtUp = bob.core.trace.waitFor('caught-up');
  proxy.reset();
  await caughtUp;
}

/** New sockets through `proxy` lose the first event frame that mentions `marker`; `onDrop` runs then. */
function dropFirstEvent(proxy: FaultProxy, marker: string, onDrop?: () => void): void {
  let dropped = false;
  proxy.filterFrames('down', (text) => {
    if (dropped || !text.startsWith('{"type":"event"') || !text.includes(marker)) return false;
    dropped = true;
    onDrop?.();
    return true;
  });
}

let sent = 0;
async function send(alice: TestCore, conversationId: string, body: string): Promise<string> {
  sent += 1;
  const clientId = `gap-test-${sent}-${Date.now()}`;
  await alice.core.connection.request('messages.send', { conversationId, clientId, body });
  return clientId;
}

describe('a gap in the event stream', () => {
  it('resumes from the last applied event, and the replay fills the gap', async () => {
    const { proxy, alice, bob, conversationId } = await world();
    dropFirstEvent(proxy, 'lost on the way');
    await reconnectThroughFilter(bob, proxy);
    const gaps = watch(bob, 'sync.gap');
    const applied = watch(bob, 'event.applied');
    const welcomes = watch(bob, 'connection.welcome');
    const errors = watch(bob, 'core.error');

    const ids = [];
    for (const body of ['before', 'lost on the way', 'after'])
      ids.push(await send(alice, conversationId, body));
    const gap = await gaps.until();
    expect(gap.receivedSeq).toBeGreaterThan(gap.lastSeq + 1);
    // The new socket resumes from the last event applied before the gap, and the replay fills it.
    expect((await welcomes.until((w) => w.resumeFromSeq === gap.lastSeq)).resumeFromSeq).toBe(gap.lastSeq);
    await applied.until((e) => e.seq === gap.receivedSeq);
    const seqs = applied.seen.map((e) => e.seq);
    for (let seq = gap.lastSeq + 1; seq <= gap.receivedSeq; seq += 1) expect(seqs).toContain(seq);
    expect(proxy.stats.framesDropped).toBe(1);
    for (const clientId of ids)
      expect(bob.core.cache.messages.byClientId(alice.me.id, clientId)).not.toBeNull();
    expect(gaps.seen).toHaveLength(1);
    expect(errors.seen.filter((e) => e.where === 'sync.gap')).toEqual([]);
  });

  it("accepts a gap the server's log has too, and refetches the conversation list", async () => {
    const { proxy, alice, bob, conversationId } = await world();
    let deleted: Promise<void> | undefined;
    dropFirstEvent(proxy, 'not in the log', () => {
      // The same event leaves the server's log before anything after it reaches Bob (on SQLite the delete
      // runs before this call returns): a hole no replay fills.
      deleted = runSqlOnStore(env.server, `delete from events where user_id = ? and payload like ?`, [
        bob.me.id,
        '%not in the log%',
      ]);
    });
    await reconnectThroughFilter(bob, proxy);
    const gaps = watch(bob, 'sync.gap');
    const errors = watch(bob, 'core.error');
    const resynced = watch(bob, 'resync.done');

    for (const body of ['before', 'not in the log', 'after']) await send(alice, conversationId, body);
    const gap = await gaps.until();
    await deleted;
    const accepted = await errors.until((e) => e.where === 'sync.gap');
    expect(accepted.message).toBe(
      `The server's log has no events ${gap.lastSeq + 1}-${gap.receivedSeq - 1}; refetching the conversation list.`,
    );
    await resynced.until();
    expect(gaps.seen).toHaveLength(1);
    expect(bob.core.sync.lastSeq).toBeGreaterThanOrEqual(gap.receivedSeq);
    const listed = (await bob.call('conversations.list', {})).conversations.find(
      (c) => c.id === conversationId,
    );
    expect(listed?.lastMessage?.body).toBe('after');
    // The message itself is still the server's: opening the conversation fetches the page with it.
    const serverPage = bob.core.trace.waitFor(
      'conversation.opened',
      (e) => e.conversationId === conversationId && e.source === 'server',
    );
    await bob.call('conversations.open', { conversationId });
    await serverPage;
    const opened = await bob.call('conversations.open', { conversationId });
    expect(opened.messages.map((m) => m.body)).toEqual(['before', 'not in the log', 'after']);
  });
});
