import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisPresence } from '../../../src-server/cluster/presence.ts';
import { connectRedis, createRedisClient } from '../../../src-server/cluster/redis.ts';
import { startRedis } from '../../support/redis-process.ts';
import type { RedisProcess } from '../../support/redis-process.ts';
import { uniqueRedisPrefix } from '../../support/test-store.ts';

// Presence across nodes (the "email only when nobody is online" rule), on a private redis-server.

const log = pino({ level: 'silent' });
let redis: RedisProcess;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.close();
});

async function node(prefix: string, nodeId: string) {
  const client = createRedisClient(redis.url, log, { role: 'commands', offlineQueue: false });
  await connectRedis(client, redis.url);
  return { presence: new RedisPresence(client, prefix, nodeId, log), client };
}

describe('presence in Redis', () => {
  it('a user online on one node is online for every node, until their last socket there closes', async () => {
    const prefix = uniqueRedisPrefix();
    const [a, b] = [await node(prefix, 'node-a'), await node(prefix, 'node-b')];
    expect(await b.presence.isOnline('u1')).toBe(false);
    a.presence.joined('u1');
    expect(await a.presence.isOnline('u1')).toBe(true);
    expect(await b.presence.isOnline('u1')).toBe(true);
    // On two nodes at once: leaving one keeps them online.
    b.presence.joined('u1');
    a.presence.left('u1');
    expect(await a.presence.isOnline('u1')).toBe(true);
    b.presence.left('u1');
    expect(await a.presence.isOnline('u1')).toBe(false);

    // A clean shutdown takes the node's users offline at once.
    a.presence.joined('u2');
    expect(await b.presence.isOnline('u2')).toBe(true);
    await a.presence.close();
    expect(await b.presence.isOnline('u2')).toBe(false);
    await b.presence.close();
    a.client.disconnect();
    b.client.disconnect();
  });

  it('while Redis is away, only this node’s sockets count; entries come back when it returns', async () => {
    const prefix = uniqueRedisPrefix();
    const [a, b] = [await node(prefix, 'node-a'), await node(prefix, 'node-b')];
    a.presence.joined('u3');
    b.presence.joined('u4');
    await redis.kill();
    expect(await a.presence.isOnline('u3')).toBe(true);
    expect(await a.presence.isOnline('u4')).toBe(false);
    const back = new Promise<void>((resolve) => b.client.once('ready', () => resolve()));
    await redis.restart();
    await back;
    // The restarted Redis is empty; node b wrote its entries again on reconnecting (its 'ready' listener
    // ran before this test's, so the writes went out first on the same connection).
    expect(await b.client.exists(`${prefix}presence:u4`)).toBe(1);
    await a.presence.close();
    await b.presence.close();
    a.client.disconnect();
    b.client.disconnect();
  });
});
