import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/errors.ts';
import { startCluster } from '../../support/cluster.ts';
import type { Cluster } from '../../support/cluster.ts';
import { consentTo, sendText } from '../../support/sessions.ts';
import { TestClient, signUpClient } from '../../support/test-client.ts';

// Limits hold across nodes: rate limits and connection caps count in Redis, not in one node's memory.

let cluster: Cluster;
beforeAll(async () => {
  cluster = await startCluster(2, { args: ['--send-rate', '4', '--max-sockets-per-user', '2'] });
}, 60_000);
afterAll(async () => {
  await cluster?.close();
});

describe('limits shared by every node', () => {
  it('a user’s send budget is one budget, whichever nodes their sockets are on', async () => {
    const alice = await signUpClient(cluster.nodes[0]!.url, 'alice');
    const bob = await signUpClient(cluster.nodes[0]!.url, 'bob');
    await consentTo(alice, bob);
    const { team } = await alice.request('teams.create', { name: 'Budget', memberIds: [bob.userId] });
    const elsewhere = new TestClient(cluster.nodes[1]!.url, alice.auth);
    await elsewhere.connect();
    // Four sends allowed per window: two on each node use them up…
    await sendText(alice, team.conversationId, 'one');
    await sendText(elsewhere, team.conversationId, 'two');
    await sendText(alice, team.conversationId, 'three');
    await sendText(elsewhere, team.conversationId, 'four');
    // …and the fifth is refused on either node.
    const refused = await sendText(elsewhere, team.conversationId, 'five').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('RATE_LIMITED');
    await Promise.all([alice.close(), bob.close(), elsewhere.close()]);
  });

  it('the sockets-per-user cap counts sockets on every node', async () => {
    const carol = await signUpClient(cluster.nodes[0]!.url, 'carol');
    const second = new TestClient(cluster.nodes[1]!.url, carol.auth);
    await second.connect();
    const third = new TestClient(cluster.nodes[1]!.url, carol.auth);
    await expect(third.connect()).rejects.toThrow(/closed 4029/);
    // A socket closed on one node frees its place for the others. A request on another socket of that
    // node follows the close, so the node has handled it (its give-back went to Redis before the
    // request's own budget check, on the same connection).
    const witness = await signUpClient(cluster.nodes[0]!.url, 'witness');
    await carol.close();
    await witness.request('me.get', {});
    const retry = new TestClient(cluster.nodes[1]!.url, carol.auth);
    await retry.connect();
    await Promise.all([second.close(), retry.close(), witness.close()]);
  });
});
