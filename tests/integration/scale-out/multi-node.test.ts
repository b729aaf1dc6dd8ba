import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOSE_CODES } from '../../../src-shared/protocol.ts';
import type { UserEvent } from '../../../src-shared/protocol.ts';
import { startCluster } from '../../support/cluster.ts';
import type { Cluster } from '../../support/cluster.ts';
import { consentTo, sendText } from '../../support/sessions.ts';
import { TestClient, postJson, signUpClient } from '../../support/test-client.ts';

// Three server processes on one PostgreSQL database and one Redis, clients spread over them.

let cluster: Cluster;
beforeAll(async () => {
  cluster = await startCluster(3);
}, 60_000);
afterAll(async () => {
  await cluster?.close();
});

const node = (i: number) => cluster.nodes[i]!;

type Created = Extract<UserEvent, { type: 'message.created' }>;
const createdIn = (client: TestClient, conversationId: string): Created[] =>
  client.events
    .map((e) => e.event)
    .filter((e): e is Created => e.type === 'message.created' && e.message.conversationId === conversationId);

/** Waits until `client` has seen `count` messages in the conversation (or fails with what it saw). */
async function untilMessages(client: TestClient, conversationId: string, count: number): Promise<Created[]> {
  await client.waitFor(() => createdIn(client, conversationId).length >= count);
  return createdIn(client, conversationId);
}

/** A team of `members` (the first is the owner); its chat's id. */
async function teamChat(members: TestClient[]): Promise<string> {
  const [owner, ...rest] = members;
  // They follow the owner, so the team takes them in at once (strangers would be invited instead).
  await consentTo(owner!, ...rest);
  const { team } = await owner!.request('teams.create', {
    name: 'Across nodes',
    memberIds: rest.map((m) => m.userId),
  });
  return team.conversationId;
}

describe('three nodes on one PostgreSQL and one Redis', () => {
  it('delivers messages between users on different nodes once each, in order, with whole seqs', async () => {
    const users = await Promise.all([0, 1, 2].map((i) => signUpClient(node(i).url, `n${i}user`)));
    const conversationId = await teamChat(users);
    const PER_USER = 15;
    // Everyone sends at once, each from their own node.
    await Promise.all(
      users.map(async (user, i) => {
        for (let k = 0; k < PER_USER; k += 1) await sendText(user, conversationId, `from ${i} #${k}`);
      }),
    );
    const total = PER_USER * users.length;
    for (const user of users) {
      const seen = await untilMessages(user, conversationId, total);
      // Once each: no duplicate message ids, and exactly the total.
      expect(new Set(seen.map((e) => e.message.id)).size).toBe(total);
      expect(seen).toHaveLength(total);
      // In conversation order, and each sender's own messages in the order sent.
      const seqs = seen.map((e) => e.message.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      // Conversation seqs taken by three nodes at once: consecutive, none skipped or given twice.
      expect(seqs).toEqual(Array.from({ length: total }, (_, k) => seqs[0]! + k));
      for (let i = 0; i < users.length; i += 1) {
        const bodies = seen.filter((e) => e.message.authorId === users[i]!.userId).map((e) => e.message.body);
        expect(bodies).toEqual(Array.from({ length: PER_USER }, (_, k) => `from ${i} #${k}`));
      }
      // The user's event seqs on this socket: 1, 2, 3, … with no gap and no repeat.
      const eventSeqs = user.events.map((e) => e.seq);
      expect(eventSeqs).toEqual(Array.from({ length: eventSeqs.length }, (_, k) => eventSeqs[0]! + k));
    }
    await Promise.all(users.map((u) => u.close()));
  });

  it('relays typing across nodes, and a session resumes on another node where it left off', async () => {
    const alice = await signUpClient(node(0).url, 'alice');
    const bob = await signUpClient(node(1).url, 'bob');
    const conversationId = await teamChat([alice, bob]);
    await alice.request('typing.set', { conversationId, typing: true });
    const typing = await bob.waitFor((f) => f.type === 'ephemeral' && f.event.type === 'typing');
    expect(typing.type === 'ephemeral' && typing.event.userId).toBe(alice.userId);

    await sendText(alice, conversationId, 'before bob moves');
    await untilMessages(bob, conversationId, 1);
    const resumeFrom = bob.lastSeq;
    await bob.close();
    await sendText(alice, conversationId, 'while bob is away');
    const moved = new TestClient(node(2).url, bob.auth);
    await moved.connect(resumeFrom);
    const replayed = createdIn(moved, conversationId).map((e) => e.message.body);
    expect(replayed).toEqual(['while bob is away']);
    await sendText(alice, conversationId, 'bob on node 2 now');
    expect((await untilMessages(moved, conversationId, 2)).map((e) => e.message.body)).toEqual([
      'while bob is away',
      'bob on node 2 now',
    ]);
    await Promise.all([alice.close(), moved.close()]);
  });

  it('signing out on one node closes that session’s sockets on every node', async () => {
    const carol = await signUpClient(node(2).url, 'carol');
    const out = await postJson(node(0).url, '/auth/signout', {}, carol.auth.tokens.accessToken);
    expect(out.status).toBe(204);
    expect(await carol.waitClose()).toBe(CLOSE_CODES.sessionRevoked);
  });

  it('kill -9 of a node: its clients resume on another node with nothing lost', async () => {
    const victim = await cluster.addNode();
    const alice = await signUpClient(node(0).url, 'alice');
    const bob = await signUpClient(victim.url, 'bob');
    const conversationId = await teamChat([alice, bob]);
    await sendText(alice, conversationId, 'one');
    await untilMessages(bob, conversationId, 1);
    const resumeFrom = bob.lastSeq;

    await victim.kill();
    expect(await bob.waitClose()).toBe(1006); // no closing handshake: the process is gone
    await sendText(alice, conversationId, 'two');
    await sendText(alice, conversationId, 'three');

    const resumed = new TestClient(node(1).url, bob.auth);
    await resumed.connect(resumeFrom);
    await sendText(alice, conversationId, 'four');
    const bodies = (await untilMessages(resumed, conversationId, 3)).map((e) => e.message.body);
    expect(bodies).toEqual(['two', 'three', 'four']);
    await Promise.all([alice.close(), resumed.close()]);
  });

  it('Redis restarts: readiness reports it, delivery recovers, and what was sent meanwhile is read from the log', async () => {
    const alice = await signUpClient(node(0).url, 'alice');
    const bob = await signUpClient(node(1).url, 'bob');
    const conversationId = await teamChat([alice, bob]);
    await sendText(alice, conversationId, 'before');
    await untilMessages(bob, conversationId, 1);

    await cluster.redis.kill();
    // Node 1 no longer hears the others: the load balancer is told.
    await waitForReadiness(node(1).url, 503);
    // Sends still work (the store is the record) while nothing can wake node 1.
    await sendText(alice, conversationId, 'during 1');
    await sendText(alice, conversationId, 'during 2');

    await cluster.redis.restart();
    await Promise.all([0, 1, 2].map((i) => waitForReadiness(node(i).url, 200)));
    await sendText(alice, conversationId, 'after');
    const bodies = (await untilMessages(bob, conversationId, 4)).map((e) => e.message.body);
    expect(bodies).toEqual(['before', 'during 1', 'during 2', 'after']);
    await Promise.all([alice.close(), bob.close()]);
  });
});

/**
 * Probes GET /readyz until it answers `status`, 100 ms apart, as a load balancer's health check does
 * (readiness is a state to observe, not an event to await); the test's budget bounds the wait.
 */
async function waitForReadiness(baseUrl: string, status: number): Promise<void> {
  for (;;) {
    const response = await fetch(`${baseUrl}/readyz`);
    if (response.status === status) return;
    await new Promise<void>((resolve) => setTimeout(resolve, 100));
  }
}
