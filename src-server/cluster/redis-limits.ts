import type { Redis } from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { MemoryConnectionCounter } from '../limits/connection-counter.ts';
import type { ConnectionCounter, ConnectionSlot } from '../limits/connection-counter.ts';
import { memoryLimiterFactory } from '../limits/limiter-store.ts';
import type { LimiterFactory } from '../limits/limiter-store.ts';
import type { Logger } from '../log.ts';

/**
 * Rate limits shared by every node: rate-limiter-flexible's Redis store, one key per (budget, user or
 * address). While Redis is away each budget falls back to an in-memory one on each node (the insurance
 * limiter): limits keep applying, per node, rather than refusing every request or none.
 */
export function redisLimiterFactory(redis: Redis, prefix: string): LimiterFactory {
  return (options) =>
    new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${prefix}rl:${options.keyPrefix}`,
      points: options.points,
      duration: options.durationSeconds,
      rejectIfRedisNotReady: true,
      insuranceLimiter: memoryLimiterFactory(options),
    });
}

/** A slot lives this long in Redis unless its node renews it; a crashed node's slots lapse. */
const SLOT_TTL_MS = 60_000;
const RENEW_MS = SLOT_TTL_MS / 3;
const CHUNK = 1_000;

/** Drops lapsed slots, then takes one if the key holds fewer than the maximum; 1 if taken, 0 if full. */
const ACQUIRE = `
local now = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[4])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]))
return 1`;

/**
 * Open connections per key ("user:…", "unauthenticated:…") counted across nodes: per key a sorted set of
 * slots, each scored with the time it lapses. A node renews its live slots every twenty seconds, so the
 * slots of a node that died are gone within a minute and never lock a user out for good.
 *
 * While Redis is away, each node counts on its own (the cap then holds per node), and the slots it hands
 * out meanwhile are written to Redis at the next renewal.
 */
export class RedisConnectionCounter implements ConnectionCounter {
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly nodeId: string;
  private readonly log: Logger;
  private readonly local = new MemoryConnectionCounter();
  /** Live slots of this node: slot id → its Redis key. */
  private readonly live = new Map<string, string>();
  private readonly timer: NodeJS.Timeout;
  private nextSlot = 0;
  private degraded = false;

  constructor(redis: Redis, prefix: string, nodeId: string, log: Logger) {
    this.redis = redis;
    this.prefix = prefix;
    this.nodeId = nodeId;
    this.log = log;
    this.timer = setInterval(() => void this.renew(), RENEW_MS);
    this.timer.unref();
    redis.on('ready', () => void this.renew());
  }

  async tryAcquire(key: string, max: number): Promise<ConnectionSlot | null> {
    const redisKey = `${this.prefix}conn:${key}`;
    this.nextSlot += 1;
    const slotId = `${this.nodeId}:${this.nextSlot}`;
    let taken: unknown;
    try {
      taken = await this.redis.eval(ACQUIRE, 1, redisKey, Date.now(), max, SLOT_TTL_MS, slotId);
      this.degraded = false;
    } catch (err) {
      if (!this.degraded) {
        this.degraded = true;
        this.log.warn({ err }, 'connection caps: Redis unavailable; counting on this node alone meanwhile');
      }
      return this.acquireLocally(key, max, redisKey, slotId);
    }
    if (Number(taken) !== 1) return null;
    this.live.set(slotId, redisKey);
    return this.slot(slotId, redisKey, null);
  }

  async count(key: string): Promise<number> {
    try {
      return await this.redis.zcount(`${this.prefix}conn:${key}`, Date.now(), '+inf');
    } catch {
      return this.local.count(key);
    }
  }

  /** Stops renewing and gives back this node's slots (a clean shutdown). */
  async close(): Promise<void> {
    clearInterval(this.timer);
    const slots = [...this.live];
    this.live.clear();
    for (let at = 0; at < slots.length; at += CHUNK) {
      const pipeline = this.redis.pipeline();
      for (const [slotId, redisKey] of slots.slice(at, at + CHUNK)) pipeline.zrem(redisKey, slotId);
      try {
        await pipeline.exec();
      } catch (err) {
        this.log.warn({ err }, 'connection caps: could not give slots back at shutdown; they will lapse');
        return;
      }
    }
  }

  private async acquireLocally(
    key: string,
    max: number,
    redisKey: string,
    slotId: string,
  ): Promise<ConnectionSlot | null> {
    const local = await this.local.tryAcquire(key, max);
    if (!local) return null;
    // Written to Redis at the next renewal, so the shared count includes it once Redis is back.
    this.live.set(slotId, redisKey);
    return this.slot(slotId, redisKey, local);
  }

  private slot(slotId: string, redisKey: string, local: ConnectionSlot | null): ConnectionSlot {
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        local?.release();
        this.live.delete(slotId);
        this.redis.zrem(redisKey, slotId).catch((err: unknown) => {
          this.log.debug({ err }, 'connection caps: could not give a slot back; it will lapse');
        });
      },
    };
  }

  private async renew(): Promise<void> {
    const slots = [...this.live];
    const lapse = Date.now() + SLOT_TTL_MS;
    for (let at = 0; at < slots.length; at += CHUNK) {
      const pipeline = this.redis.pipeline();
      for (const [slotId, redisKey] of slots.slice(at, at + CHUNK)) {
        pipeline.zadd(redisKey, lapse, slotId);
        pipeline.pexpire(redisKey, SLOT_TTL_MS);
      }
      try {
        await pipeline.exec();
      } catch (err) {
        this.log.debug(
          { err },
          'connection caps: renewal failed; retried on the next heartbeat or reconnect',
        );
        return;
      }
    }
  }
}
