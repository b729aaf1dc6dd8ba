import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { between, readSendAckHistogram, readThreadsBusyMs } from '../../../bench/server/server-side.ts';
import { CLOSE_CODES } from '../../../src-shared/protocol.ts';
import { spawnServer } from '../../support/server-process.ts';
import type { ServerProcess } from '../../support/server-process.ts';
import { sendText } from '../../support/sessions.ts';
import { TestClient, signUpClient } from '../../support/test-client.ts';
import { testStoreKind } from '../../support/test-store.ts';

// The operator's side of one node: probes, metrics, and a graceful stop on SIGTERM (docs/deploy.md).

let server: ServerProcess;
beforeAll(async () => {
  server = await spawnServer({ args: ['--send-rate', '1000'] });
});
afterAll(async () => {
  await server.cleanup();
});

/** One sample of a metric in Prometheus text format (the node label varies, so it is matched loosely). */
function sample(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));
  if (!line) throw new Error(`no ${name} in /metrics`);
  return Number(line.slice(line.lastIndexOf(' ') + 1));
}

/** Two new people in a direct conversation that is accepted (so sends are not held as a request). */
async function acceptedConversation() {
  const alice = await signUpClient(server.url, 'alice');
  const bob = await signUpClient(server.url, 'bob');
  const { conversation } = await alice.request('conversations.startDirect', { userId: bob.userId });
  await sendText(alice, conversation.id, 'hi');
  await bob.request('conversations.accept', { conversationId: conversation.id });
  return { alice, bob, conversation };
}

describe('operations endpoints', () => {
  it('answers liveness and readiness probes', async () => {
    const live = await fetch(`${server.url}/livez`);
    expect(live.status).toBe(200);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ok: true, failing: [] });
    expect((await fetch(`${server.url}/readyz`, { method: 'POST' })).status).toBe(404);
  });

  it('serves Prometheus metrics: connections, sends, acks and send→ack latency', async () => {
    const alice = await signUpClient(server.url, 'alice');
    const bob = await signUpClient(server.url, 'bob');
    const { conversation } = await alice.request('conversations.startDirect', { userId: bob.userId });
    const before = await (await fetch(`${server.url}/metrics`)).text();
    await sendText(alice, conversation.id, 'counted');
    const response = await fetch(`${server.url}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const after = await response.text();
    expect(sample(after, 'beatpass_connections')).toBeGreaterThanOrEqual(2);
    expect(sample(after, 'beatpass_sends_total') - sample(before, 'beatpass_sends_total')).toBe(1);
    expect(sample(after, 'beatpass_acks_total') - sample(before, 'beatpass_acks_total')).toBe(1);
    expect(sample(after, 'beatpass_send_ack_seconds_count')).toBeGreaterThanOrEqual(1);
    const p99 = /beatpass_send_ack_quantile_seconds\{quantile="0\.99"[^}]*\} (\S+)/.exec(after)?.[1];
    // The ack just sent is in the window: a real duration, well under the 5 s the test allows.
    expect(Number(p99)).toBeGreaterThan(0);
    expect(Number(p99)).toBeLessThan(5);
    expect(after).toMatch(/beatpass_request_duration_seconds_bucket\{[^}]*op="conversations\.startDirect"/);
    expect(sample(after, 'beatpass_bus_connected')).toBe(1);
    await Promise.all([alice.close(), bob.close()]);
  });

  it('lets the bench read the send→ack percentiles of the sends between two scrapes', async () => {
    const { alice, bob, conversation } = await acceptedConversation();
    const before = await readSendAckHistogram(server.url);
    for (const text of ['one', 'two', 'three']) await sendText(alice, conversation.id, text);
    const figure = between(before, await readSendAckHistogram(server.url));
    expect(figure?.count).toBe(3);
    // Each is a bucket's upper bound: finite for sends that took less than the last bucket (5 s).
    expect(figure?.p50AtMost).toBeGreaterThan(0);
    expect(figure?.p99AtMost).toBeGreaterThanOrEqual(figure?.p50AtMost ?? Number.NaN);
    expect(Number.isFinite(figure?.p99AtMost)).toBe(true);
    await Promise.all([alice.close(), bob.close()]);
  });

  it('reports how long each thread has been busy: on SQLite the store thread’s time grows with the sends it stores', async () => {
    // PostgreSQL keeps one thread (docs/architecture.md, Store thread).
    const threads = testStoreKind() === 'sqlite' ? ['main', 'store'] : ['main'];
    const { alice, bob, conversation } = await acceptedConversation();
    const before = await readThreadsBusyMs(server.url);
    expect([...before.keys()].sort()).toEqual(threads);
    await Promise.all(Array.from({ length: 50 }, (_, i) => sendText(alice, conversation.id, `busy ${i}`)));
    const after = await readThreadsBusyMs(server.url);
    for (const thread of threads) {
      expect(after.get(thread)).toBeGreaterThan(before.get(thread) ?? Number.POSITIVE_INFINITY);
    }
    await Promise.all([alice.close(), bob.close()]);
  });

  it('on SIGTERM finishes the sends in flight, closes sockets with 1012, and every ack is stored', async () => {
    const alice = await signUpClient(server.url, 'alice');
    const bob = await signUpClient(server.url, 'bob');
    const { conversation } = await alice.request('conversations.startDirect', { userId: bob.userId });
    await sendText(alice, conversation.id, 'before the burst');
    await bob.request('conversations.accept', { conversationId: conversation.id });
    // A burst of sends, not awaited, then SIGTERM while they are being handled. Those the server had
    // started are finished and acked before it closes the socket; the rest get no answer (the client
    // sends them again on its next connection).
    const refused: unknown[] = [];
    for (let i = 0; i < 40; i += 1) {
      sendText(alice, conversation.id, `burst ${i}`).catch((error: unknown) => refused.push(error));
    }
    const stopped = server.stop();
    expect(await alice.waitClose()).toBe(CLOSE_CODES.serviceRestart);
    await stopped;
    expect(server.exitCode()).toBe(0);
    expect(refused).toEqual([]);
    const acked = alice.frames.flatMap((f) =>
      f.type === 'response' &&
      f.ok &&
      typeof f.result === 'object' &&
      f.result !== null &&
      'message' in f.result
        ? [(f.result as { message: { id: string } }).message.id]
        : [],
    );
    expect(acked.length).toBeGreaterThan(1);

    await server.restart();
    const again = new TestClient(server.url, alice.auth);
    await again.connect();
    const { messages } = await again.request('messages.history', { conversationId: conversation.id });
    const stored = new Set(messages.map((m) => m.id));
    for (const id of acked) expect(stored.has(id)).toBe(true);
    await again.close();
  });
});
