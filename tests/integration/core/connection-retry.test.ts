import { describe, expect, it } from 'vitest';
import { signedUpCore, useServer } from './harness.ts';

const env = useServer();

describe('Retry now', () => {
  it('reconnects at once instead of waiting out the backoff', async () => {
    // A minute-long backoff (full jitter pinned to its top): only "Retry now" can bring it back in time.
    const alice = await signedUpCore(env.server.url, 'alice', {
      timings: { backoff: { baseMs: 60_000, capMs: 60_000 } },
      random: () => 0.999,
    });
    env.track(alice);
    const offline = alice.core.events.next('connection.changed', (s) => s.status === 'offline', 20_000);
    await env.server.stop();
    const state = await offline;
    if (state.status !== 'offline') throw new Error(`expected offline, got ${state.status}`);
    expect(state.nextRetryAt).not.toBeNull();
    expect((state.nextRetryAt ?? 0) - Date.now()).toBeGreaterThan(30_000);

    await env.server.restart();
    const online = alice.core.events.next('connection.changed', (s) => s.status === 'online', 20_000);
    await alice.call('connection.retry', {});
    await online;
    expect(alice.core.connectionState().status).toBe('online');
  });
});
