import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import type { ServerConfig } from '../config.ts';
import type { Presence } from '../context.ts';
import { InProcessBus } from '../events/bus.ts';
import type { EventBus } from '../events/bus.ts';
import { RedisBus } from '../events/redis-bus.ts';
import type { BusObserver } from '../events/redis-bus.ts';
import { MemoryConnectionCounter } from '../limits/connection-counter.ts';
import type { ConnectionCounter } from '../limits/connection-counter.ts';
import { memoryLimiterFactory } from '../limits/limiter-store.ts';
import type { LimiterFactory } from '../limits/limiter-store.ts';
import type { Logger } from '../log.ts';
import { LocalPresence, RedisPresence } from './presence.ts';
import { RedisConnectionCounter, redisLimiterFactory } from './redis-limits.ts';
import { connectRedis, createRedisClient } from './redis.ts';

/** What a node shares with the other nodes of its deployment, or keeps to itself when it is alone. */
export interface Cluster {
  readonly nodeId: string;
  readonly bus: EventBus;
  readonly presence: Presence;
  /** The commands connection, or null for one node alone. */
  readonly redis: Redis | null;
  /** Where rate limits and connection caps count: this process, or Redis for every node at once. */
  readonly limiterFactory: LimiterFactory;
  readonly connectionCounter: ConnectionCounter;
  /** Whether this node hears the other nodes right now; always true alone. */
  busConnected(): boolean;
  close(): Promise<void>;
}

/** A node id from the host name and process id, plus a random tag so a restarted process never reuses one. */
export function defaultNodeId(): string {
  const host =
    hostname()
      .replace(/[^A-Za-z0-9_.-]/g, '-')
      .slice(0, 40) || 'node';
  return `${host}-${process.pid}-${Math.random().toString(36).slice(2, 6)}`;
}

/**
 * Alone (no Redis URL): the in-process bus, this node's own sockets as presence, limits in memory. With
 * Redis: the Redis bus, presence in Redis, and rate limits and connection caps in Redis. Connecting fails the start within
 * a few seconds if Redis cannot be reached, so a wrong URL shows at once.
 */
export async function joinCluster(
  config: ServerConfig,
  log: Logger,
  observer: BusObserver,
): Promise<Cluster> {
  const nodeId = config.nodeId ?? defaultNodeId();
  if (!config.redisUrl) {
    observer.connected(true);
    const presence = new LocalPresence();
    const bus = new InProcessBus();
    return {
      nodeId,
      bus,
      presence,
      redis: null,
      limiterFactory: memoryLimiterFactory,
      connectionCounter: new MemoryConnectionCounter(),
      busConnected: () => true,
      close: async () => {
        await presence.close();
        await bus.close();
      },
    };
  }
  const url = config.redisUrl;
  const clusterLog = log.child({ component: 'cluster' });
  const commands = createRedisClient(url, clusterLog, { role: 'commands', offlineQueue: false });
  const subscriber = createRedisClient(url, clusterLog, { role: 'subscriber', offlineQueue: true });
  try {
    await connectRedis(commands, url);
    await connectRedis(subscriber, url);
  } catch (error) {
    commands.disconnect();
    subscriber.disconnect();
    throw error;
  }
  const bus = await RedisBus.start({
    publisher: commands,
    subscriber,
    channel: `${config.redisPrefix}bus`,
    nodeId,
    log: clusterLog,
    observer,
  });
  const presence = new RedisPresence(commands, config.redisPrefix, nodeId, clusterLog);
  const connectionCounter = new RedisConnectionCounter(commands, config.redisPrefix, nodeId, clusterLog);
  return {
    nodeId,
    bus,
    presence,
    redis: commands,
    limiterFactory: redisLimiterFactory(commands, config.redisPrefix),
    connectionCounter,
    busConnected: () => bus.connected,
    close: async () => {
      await presence.close();
      await connectionCounter.close();
      await bus.close();
      await Promise.allSettled([quit(commands, clusterLog), quit(subscriber, clusterLog)]);
    },
  };
}

/** QUIT politely; if Redis is away, just drop the connection (and stop reconnecting). */
async function quit(redis: Redis, log: Logger): Promise<void> {
  try {
    await redis.quit();
  } catch (err) {
    log.debug({ err }, 'Redis QUIT failed; disconnecting');
    redis.disconnect();
  }
}
