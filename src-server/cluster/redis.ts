import { Redis } from 'ioredis';
import type { Logger } from '../log.ts';

/** Reconnect delays: quick at first, then every two seconds for as long as Redis stays away. */
const retryDelay = (attempt: number) => Math.min(50 * 2 ** attempt, 2_000);
/** How long a node waits at start for Redis before it gives up (a wrong URL should fail loudly, not hang). */
const START_TIMEOUT_MS = 10_000;

export interface RedisClientOptions {
  /** For logs: "commands" or "subscriber". */
  role: string;
  /**
   * Queue commands while disconnected and send them on reconnect (ioredis' default). Off for commands, so
   * that a Redis outage fails them at once and the caller decides (retry later, fall back), instead of
   * queuing without bound.
   */
  offlineQueue: boolean;
}

/**
 * One ioredis connection with the server's policies: it reconnects forever, reports losing and regaining
 * Redis once each (not every failed attempt), and never lets a connection error end the process.
 */
export function createRedisClient(url: string, log: Logger, options: RedisClientOptions): Redis {
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: options.offlineQueue,
    // A command is failed after this many reconnects rather than waiting for ever (only with the queue on).
    maxRetriesPerRequest: 2,
    retryStrategy: retryDelay,
    // Subscriptions are renewed by their owner (events/redis-bus.ts), so it knows when they are live again.
    autoResubscribe: false,
    connectionName: `beatpass-${options.role}`,
  });
  const context = { component: 'redis', role: options.role };
  let lost = false;
  let lastError = '';
  redis.on('error', (err: Error) => {
    // Each failed reconnect repeats the same error: log it when it changes.
    if (err.message === lastError) return;
    lastError = err.message;
    log.warn({ ...context, err }, 'Redis connection error');
  });
  redis.on('close', () => {
    if (lost) return;
    lost = true;
    log.warn(context, 'lost the connection to Redis; reconnecting');
  });
  redis.on('ready', () => {
    lastError = '';
    if (!lost) return;
    lost = false;
    log.info(context, 'connected to Redis again');
  });
  return redis;
}

/** Connects, or throws after START_TIMEOUT_MS with a message that names the URL's host (not its password). */
export async function connectRedis(redis: Redis, url: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`no answer within ${START_TIMEOUT_MS / 1000} s`));
    }, START_TIMEOUT_MS);
  });
  try {
    await Promise.race([redis.connect(), timeout]);
  } catch (error) {
    redis.disconnect();
    throw new Error(`cannot connect to Redis at ${redisAddress(url)}: ${(error as Error).message}`, {
      cause: error,
    });
  } finally {
    clearTimeout(timer);
  }
}

/** host:port of a redis:// URL, for messages: never the password. */
export function redisAddress(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '6379'}`;
  } catch {
    return '(unparsable URL)';
  }
}
