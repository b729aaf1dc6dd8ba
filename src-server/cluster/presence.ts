import type { Redis } from 'ioredis';
import type { Presence } from '../context.ts';
import type { Logger } from '../log.ts';

/** A node's presence entries live this long unless renewed; a node that dies stops renewing them. */
const TTL_MS = 30_000;
/** Renewed this often: three chances before an entry lapses. */
const HEARTBEAT_MS = TTL_MS / 3;
/** Users per pipeline when renewing. */
const CHUNK = 1_000;

/** One node alone: online means a live socket on this node. */
export class LocalPresence implements Presence {
  protected readonly here = new Set<string>();

  async isOnline(userId: string): Promise<boolean> {
    return this.here.has(userId);
  }

  joined(userId: string): void {
    this.here.add(userId);
  }

  left(userId: string): void {
    this.here.delete(userId);
  }

  async close(): Promise<void> {
    this.here.clear();
  }
}

/**
 * Presence across nodes, in Redis: per user a sorted set of the nodes where they have a live socket, each
 * scored with the time its entry lapses. A node adds itself when a user's first socket on it is ready,
 * removes itself when the last one closes, and renews its entries every ten seconds; the entries of a node
 * that died (kill -9, power cut) lapse within thirty. Online = a live socket here, or an unexpired entry.
 *
 * While Redis is away a user is online only if they are on this node (their other nodes cannot be asked);
 * the entries are written again as soon as it is back.
 */
export class RedisPresence extends LocalPresence {
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly nodeId: string;
  private readonly log: Logger;
  private readonly timer: NodeJS.Timeout;
  private warned = false;

  constructor(redis: Redis, prefix: string, nodeId: string, log: Logger) {
    super();
    this.redis = redis;
    this.prefix = prefix;
    this.nodeId = nodeId;
    this.log = log;
    this.timer = setInterval(() => void this.renewAll(), HEARTBEAT_MS);
    this.timer.unref();
    // Redis may have come back empty (restarted): write this node's entries again at once.
    redis.on('ready', () => void this.renewAll());
  }

  override async isOnline(userId: string): Promise<boolean> {
    if (this.here.has(userId)) return true;
    try {
      const live = await this.redis.zrangebyscore(this.key(userId), Date.now(), '+inf', 'LIMIT', 0, 1);
      this.warned = false;
      return live.length > 0;
    } catch (err) {
      if (!this.warned) {
        this.warned = true;
        this.log.warn({ err }, 'presence: Redis unavailable; only this node’s sockets count as online');
      }
      return false;
    }
  }

  override joined(userId: string): void {
    super.joined(userId);
    void this.renew([userId]);
  }

  override left(userId: string): void {
    super.left(userId);
    this.redis.zrem(this.key(userId), this.nodeId).catch((err: unknown) => {
      // The entry lapses by itself within TTL_MS.
      this.log.debug({ err, userId }, 'presence: could not remove an entry; it will lapse');
    });
  }

  /** Removes this node's entries (a clean shutdown), so its users are not shown online for half a minute. */
  override async close(): Promise<void> {
    clearInterval(this.timer);
    const users = [...this.here];
    await super.close();
    for (let at = 0; at < users.length; at += CHUNK) {
      const pipeline = this.redis.pipeline();
      for (const userId of users.slice(at, at + CHUNK)) pipeline.zrem(this.key(userId), this.nodeId);
      try {
        await pipeline.exec();
      } catch (err) {
        this.log.warn({ err }, 'presence: could not remove entries at shutdown; they will lapse');
        return;
      }
    }
  }

  private key(userId: string): string {
    return `${this.prefix}presence:${userId}`;
  }

  private async renewAll(): Promise<void> {
    const users = [...this.here];
    for (let at = 0; at < users.length; at += CHUNK) await this.renew(users.slice(at, at + CHUNK));
  }

  private async renew(userIds: readonly string[]): Promise<void> {
    if (userIds.length === 0) return;
    const now = Date.now();
    const pipeline = this.redis.pipeline();
    for (const userId of userIds) {
      const key = this.key(userId);
      pipeline.zadd(key, now + TTL_MS, this.nodeId);
      // Drop other nodes' lapsed entries on the way, and let the whole key go once nobody renews it.
      pipeline.zremrangebyscore(key, '-inf', now);
      pipeline.pexpire(key, TTL_MS);
    }
    try {
      await pipeline.exec();
    } catch (err) {
      this.log.debug({ err }, 'presence: renewal failed; retried on the next heartbeat or reconnect');
    }
  }
}
