import type { Redis } from 'ioredis';
import { z } from 'zod';
import { ephemeralEventSchema, userEventSchema } from '../../src-shared/protocol.ts';
import type { EphemeralEvent } from '../../src-shared/protocol.ts';
import type { Logger } from '../log.ts';
import type { BusListener, EventBus, SequencedEvent } from './bus.ts';

/** A wake-up whose events would take more than this is sent without them: receivers read the log. */
const MAX_INLINE_CHARS = 256 * 1024;
/** Messages larger than this are refused on arrival (no node sends them; see MAX_INLINE_CHARS). */
const MAX_MESSAGE_CHARS = 1024 * 1024;
/** Users whose wake-up could not be published, kept for when Redis is back; past this, everyone. */
const MAX_MISSED_USERS = 10_000;
/** Users per catch-up wake-up sent after an outage. */
const WAKE_CHUNK = 1_000;
/** While the subscription is down, every connection on this node reads its log this often. */
const DOWN_POLL_MS = 5_000;

const userIdSchema = z.string().min(1).max(64);
const wireSchema = z.discriminatedUnion('k', [
  z.object({
    k: z.literal('events'),
    from: z.string(),
    /** Commit time on the sending node (ms since the epoch), for the delivery-lag metric. */
    at: z.number(),
    /** One group per distinct event: its stored JSON and who got it with which seq. */
    g: z.array(z.object({ p: z.string(), t: z.array(z.tuple([userIdSchema, z.number().int().positive()])) })),
  }),
  z.object({ k: z.literal('wake'), from: z.string(), u: z.union([z.array(userIdSchema), z.literal('all')]) }),
  z.object({
    k: z.literal('ephemeral'),
    from: z.string(),
    u: z.array(userIdSchema),
    e: ephemeralEventSchema,
  }),
  z.object({ k: z.literal('revoked'), from: z.string(), s: z.string().min(1).max(64) }),
]);
type WireMessage = z.infer<typeof wireSchema>;
export type WireKind = WireMessage['k'];

/** What the bus reports, for metrics (ops/metrics.ts). */
export interface BusObserver {
  published(kind: WireKind): void;
  publishFailed(kind: WireKind): void;
  received(kind: WireKind): void;
  rejected(): void;
  /** Commit on another node → its wake-up handled here, in seconds. */
  deliveryLag(seconds: number): void;
  connected(up: boolean): void;
}

export interface RedisBusOptions {
  /** Connection for PUBLISH (offline queue off: a publish fails at once while Redis is away). */
  publisher: Redis;
  /** Connection in subscriber mode (already connected). */
  subscriber: Redis;
  channel: string;
  /** This node's id: its own messages come back on the channel and are skipped. */
  nodeId: string;
  log: Logger;
  observer?: BusObserver;
}

/**
 * The event bus between nodes, on Redis pub/sub. A node delivers its own commits to its own sockets at
 * once (as the in-process bus does) and publishes a small wake-up, which every other node delivers to its
 * sockets. Redis pub/sub is at-most-once, so it is only ever a wake-up: the event log stays the record.
 * - A wake-up carries the events (their stored JSON), so an up-to-date connection forwards them without a
 *   read; a gap, a wake-up too large to carry them, or anything missed is read from the log.
 * - Publishing while Redis is away fails at once; the users concerned are woken once Redis is back.
 * - While the subscription is down, every local connection reads its log every few seconds, so delivery
 *   slows down but never stops; once it is up again, every local connection catches up from the log.
 * - Typing (ephemeral) travels only here: lost in an outage, as typing may be.
 */
export class RedisBus implements EventBus {
  private readonly options: RedisBusOptions;
  private readonly listeners = new Set<BusListener>();
  private readonly missedUsers = new Set<string>();
  private missedEveryone = false;
  private readonly missedRevocations = new Set<string>();
  private subscribed = true;
  private downTimer: NodeJS.Timeout | null = null;
  private closed = false;

  /** `subscriber` must be connected; this subscribes it before returning. */
  static async start(options: RedisBusOptions): Promise<RedisBus> {
    const bus = new RedisBus(options);
    await options.subscriber.subscribe(options.channel);
    options.observer?.connected(true);
    return bus;
  }

  private constructor(options: RedisBusOptions) {
    this.options = options;
    const { subscriber, publisher } = options;
    subscriber.on('message', (_channel: string, text: string) => this.receive(text));
    subscriber.on('close', () => this.subscriptionLost());
    subscriber.on('ready', () => void this.resubscribe());
    publisher.on('ready', () => this.republishMissed());
  }

  publish(events: readonly SequencedEvent[]): void {
    if (events.length === 0) return;
    for (const listener of this.listeners) listener.onEvents(events);
    const groups = new Map<string, [string, number][]>();
    let chars = 0;
    for (const { userId, seq, payload } of events) {
      let targets = groups.get(payload);
      if (!targets) {
        groups.set(payload, (targets = []));
        chars += payload.length;
      }
      targets.push([userId, seq]);
    }
    const userIds = events.map((e) => e.userId);
    if (chars > MAX_INLINE_CHARS) {
      this.send({ k: 'wake', from: this.options.nodeId, u: [...new Set(userIds)] }, userIds);
      return;
    }
    const g = [...groups].map(([p, t]) => ({ p, t }));
    this.send({ k: 'events', from: this.options.nodeId, at: Date.now(), g }, userIds);
  }

  publishEphemeral(userIds: readonly string[], event: EphemeralEvent): void {
    for (const listener of this.listeners) listener.onEphemeral(userIds, event);
    this.send({ k: 'ephemeral', from: this.options.nodeId, u: [...userIds], e: event });
  }

  publishSessionRevoked(sessionId: string): void {
    for (const listener of this.listeners) listener.onSessionRevoked?.(sessionId);
    this.send({ k: 'revoked', from: this.options.nodeId, s: sessionId }, undefined, sessionId);
  }

  subscribe(listener: BusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Whether this node hears the other nodes right now (readiness, metrics). */
  get connected(): boolean {
    return this.subscribed;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stopDownPoll();
    this.listeners.clear();
  }

  private send(message: WireMessage, wakeOnFailure?: readonly string[], revocation?: string): void {
    const { publisher, channel, observer, log } = this.options;
    publisher.publish(channel, JSON.stringify(message)).then(
      () => observer?.published(message.k),
      (err: unknown) => {
        observer?.publishFailed(message.k);
        if (wakeOnFailure) this.noteMissed(wakeOnFailure);
        if (revocation !== undefined && this.missedRevocations.size < MAX_MISSED_USERS)
          this.missedRevocations.add(revocation);
        log.debug({ err, kind: message.k }, 'bus: publish failed; will wake the users once Redis is back');
      },
    );
  }

  private noteMissed(userIds: readonly string[]): void {
    if (this.missedEveryone) return;
    for (const userId of userIds) this.missedUsers.add(userId);
    if (this.missedUsers.size > MAX_MISSED_USERS) {
      this.missedEveryone = true;
      this.missedUsers.clear();
    }
  }

  /** The publisher is connected again: wake whoever missed a wake-up, re-send the revocations. */
  private republishMissed(): void {
    if (this.closed) return;
    const { nodeId } = this.options;
    if (this.missedEveryone) {
      this.missedEveryone = false;
      this.send({ k: 'wake', from: nodeId, u: 'all' }, undefined);
      // If this one fails too, everyone is still owed a wake-up.
    }
    const users = [...this.missedUsers];
    this.missedUsers.clear();
    for (let at = 0; at < users.length; at += WAKE_CHUNK) {
      const chunk = users.slice(at, at + WAKE_CHUNK);
      this.send({ k: 'wake', from: nodeId, u: chunk }, chunk);
    }
    const revocations = [...this.missedRevocations];
    this.missedRevocations.clear();
    for (const s of revocations) this.send({ k: 'revoked', from: nodeId, s }, undefined, s);
  }

  private receive(text: string): void {
    const { observer, log, nodeId } = this.options;
    if (text.length > MAX_MESSAGE_CHARS) {
      observer?.rejected();
      log.error({ chars: text.length }, 'bus: message over the size cap dropped');
      return;
    }
    let message: WireMessage;
    try {
      message = wireSchema.parse(JSON.parse(text));
    } catch (err) {
      observer?.rejected();
      log.error({ err }, 'bus: malformed message dropped');
      return;
    }
    if (message.from === nodeId) return;
    observer?.received(message.k);
    switch (message.k) {
      case 'events':
        this.deliverEvents(message);
        return;
      case 'wake':
        this.catchUp(message.u);
        return;
      case 'ephemeral':
        for (const listener of this.listeners) listener.onEphemeral(message.u, message.e);
        return;
      case 'revoked':
        for (const listener of this.listeners) listener.onSessionRevoked?.(message.s);
        return;
      default: {
        const never: never = message;
        throw new Error(`bus: unhandled message ${JSON.stringify(never)}`);
      }
    }
  }

  private deliverEvents(message: Extract<WireMessage, { k: 'events' }>): void {
    const events: SequencedEvent[] = [];
    const unreadable: string[] = [];
    for (const { p: payload, t: targets } of message.g) {
      const parsed = parseEvent(payload);
      if (!parsed) {
        // Not an event this node understands (a newer node's?): the log has it, with the seq.
        unreadable.push(...targets.map(([userId]) => userId));
        continue;
      }
      for (const [userId, seq] of targets) events.push({ userId, seq, event: parsed, payload });
    }
    this.options.observer?.deliveryLag(Math.max(0, Date.now() - message.at) / 1000);
    if (events.length > 0) for (const listener of this.listeners) listener.onEvents(events);
    if (unreadable.length > 0) this.catchUp(unreadable);
  }

  private catchUp(userIds: readonly string[] | 'all'): void {
    for (const listener of this.listeners) listener.onCatchUp?.(userIds);
  }

  private subscriptionLost(): void {
    if (this.closed || !this.subscribed) return;
    this.subscribed = false;
    this.options.observer?.connected(false);
    this.downTimer = setInterval(() => this.catchUp('all'), DOWN_POLL_MS);
    this.downTimer.unref();
  }

  private stopDownPoll(): void {
    if (this.downTimer) clearInterval(this.downTimer);
    this.downTimer = null;
  }

  /**
   * Redis is back: subscribe again, and only once the subscription is confirmed read every local
   * connection's log, so nothing committed while it was down (or while it came back) is left unread.
   */
  private async resubscribe(): Promise<void> {
    if (this.closed || this.subscribed) return;
    try {
      await this.options.subscriber.subscribe(this.options.channel);
    } catch (err) {
      this.options.log.warn({ err }, 'bus: could not subscribe again; retrying on the next reconnect');
      return;
    }
    this.subscribed = true;
    this.options.observer?.connected(true);
    this.stopDownPoll();
    this.catchUp('all');
  }
}

function parseEvent(payload: string): SequencedEvent['event'] | null {
  try {
    const result = userEventSchema.safeParse(JSON.parse(payload));
    return result.success ? result.data : null;
  } catch {
    return null;
  }
}
