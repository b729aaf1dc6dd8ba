import { LIMITS } from '../../../src-shared/limits.ts';
import type { Conversation } from '../../../src-shared/domain.ts';
import type { UserEvent } from '../../../src-shared/protocol.ts';
import type { Cache } from '../cache/cache.ts';
import type { WelcomeFrame } from '../connection/connection-options.ts';
import type { RequestApi } from '../connection/pending-requests.ts';
import { AppError } from '../../../src-shared/errors.ts';
import type { Trace } from '../trace.ts';
import type { Background } from '../unexpected.ts';
import { applyEvent } from './apply-event.ts';
import type { SyncEffect } from './apply-event.ts';

export const META_ACCOUNT = 'account';

/**
 * The most events applied in one transaction. A burst is what one socket read delivered (a replay comes
 * in 64 KiB reads of ~150 events); the cap only bounds a transaction if reads ever grow.
 */
export const MAX_BURST = 500;

export interface SyncSink {
  /**
   * Effects of one committed change: a burst of events applied in one transaction. `replayed`: the
   * events came from catch-up, not live.
   */
  effects(effects: SyncEffect[], replayed: boolean): void;
  /** The whole conversation list was refetched. */
  resynced(conversationIds: string[], removedIds: string[]): void;
  caughtUp(): void;
}

/**
 * Keeps the cache in step with the server's per-user event stream: applies each event once and in order,
 * records the last applied seq in the same transaction, refetches the conversation list on a fresh start
 * or when the server says the client is too far behind, and knows when the client has caught up (events
 * before that are replayed history and must not notify).
 *
 * Events are applied in bursts: the frames of one socket read are queued and applied together in a
 * microtask, in one transaction with one seq update, and their effects reach the UI once (one view per
 * changed conversation, one badge update). One transaction per event made a replay commit (and rebuild
 * every view) thousands of times; see docs/proof.md. Anything that depends on the order of frames
 * (caught_up, a welcome, a disconnect, a resync, an ephemeral event) applies the queue first, and the
 * microtask runs before the continuation of any request answered in the same read, so what awaits an
 * answer sees every event that came before it.
 */
export class SyncEngine {
  readonly #cache: Cache;
  readonly #requests: RequestApi;
  readonly #trace: Trace;
  readonly #sink: SyncSink;
  readonly #meId: () => string | null;
  #caughtUp = false;
  #generation = 0;
  #resyncing = false;
  #queue: { seq: number; event: UserEvent }[] = [];
  #flushQueued = false;
  #closed = false;
  /** A gap was seen on this socket and a resume asked for: its later frames are not applied. */
  #awaitingResume = false;
  /** The last applied seq at the gap that made the last resume; the same gap again is accepted. */
  #gapAt: number | null = null;
  /** A gap was accepted: the conversation list is refetched once no resume is under way. */
  #resyncOwed = false;

  readonly #background: Background;
  readonly #resume: (reason: string) => void;

  constructor(options: {
    cache: Cache;
    requests: RequestApi;
    trace: Trace;
    background: Background;
    sink: SyncSink;
    meId: () => string | null;
    /** Drops the socket and reconnects, resuming from the last applied seq (`Connection.resume`). */
    resume: (reason: string) => void;
  }) {
    this.#background = options.background;
    this.#resume = options.resume;
    this.#cache = options.cache;
    this.#requests = options.requests;
    this.#trace = options.trace;
    this.#sink = options.sink;
    this.#meId = options.meId;
  }

  get caughtUp(): boolean {
    return this.#caughtUp;
  }

  get lastSeq(): number | null {
    return this.#cache.meta.lastSeq();
  }

  /** Makes sure the cache belongs to this account; wipes it when another account signs in. */
  claimFor(userId: string): boolean {
    const owner = this.#cache.meta.get(META_ACCOUNT);
    if (owner === userId) return false;
    if (owner !== null) this.#cache.wipe();
    this.#cache.meta.set(META_ACCOUNT, userId);
    return owner !== null;
  }

  disconnected(): void {
    this.flush();
    this.#awaitingResume = false;
    this.#caughtUp = false;
    this.#resyncing = false;
    this.#generation += 1;
  }

  welcome(frame: WelcomeFrame, resumedFrom: number | null): void {
    this.flush();
    this.#awaitingResume = false;
    this.#caughtUp = false;
    this.#resyncing = false;
    this.#generation += 1;
    this.#trace.emit('connection.welcome', {
      userId: frame.me.id,
      latestSeq: frame.latestSeq,
      resumeFromSeq: resumedFrom,
    });
    if (this.claimFor(frame.me.id) || resumedFrom === null)
      this.#background('resync', this.resync(frame.latestSeq));
  }

  /** Queues one event; the queue is applied in a microtask (or at once when it reaches MAX_BURST). */
  event(seq: number, event: UserEvent): void {
    if (this.#closed || this.#awaitingResume) return;
    this.#queue.push({ seq, event });
    if (this.#queue.length >= MAX_BURST) {
      this.flush();
      return;
    }
    if (this.#flushQueued) return;
    this.#flushQueued = true;
    // A resolved promise's callback is a microtask; `background` reports a failure instead of leaving it
    // unhandled (the events stay unapplied, the seq unrecorded, so the next connection replays them).
    this.#background(
      'sync.apply',
      Promise.resolve().then(() => {
        this.#flushQueued = false;
        this.flush();
      }),
    );
  }

  /**
   * Applies the queued events now: one transaction, one seq update, one call to the sink.
   *
   * The server sends a user's events gap-free and in order, so an event past the next seq means frames
   * were lost between the server's log and here (a server or proxy bug; docs/client-core.md, "Gaps in the
   * event stream"). The events before the gap are applied, the rest are not, and the connection resumes
   * from the last applied seq: the server replays from its log, or says `resync_required` if it has
   * trimmed that far. Should the replay jump the same gap again, the log itself has no such events, so
   * the gap is accepted (reported as a core error) and the conversation list is refetched.
   */
  flush(): void {
    if (this.#queue.length === 0) return;
    const burst = this.#queue;
    this.#queue = [];
    const meId = this.#meId();
    if (meId === null || this.#closed) return;
    const applied: { seq: number; type: UserEvent['type'] }[] = [];
    const { effects, gap } = this.#cache.transaction(() => {
      const all: SyncEffect[] = [];
      /** The first gap not seen before: applying stops there. */
      let stoppedAt: { after: number; seq: number } | null = null;
      let last = this.#cache.meta.lastSeq();
      for (const { seq, event } of burst) {
        if (last !== null && seq <= last) continue;
        // While the list is refetched (fresh start, resync_required) events start past the stored seq.
        if (last !== null && seq > last + 1 && !this.#resyncing) {
          if (this.#gapAt !== last) {
            stoppedAt = { after: last, seq };
            break;
          }
          this.#acceptGap(last, seq);
        }
        for (const effect of applyEvent(this.#cache, meId, event)) all.push(effect);
        applied.push({ seq, type: event.type });
        last = seq;
      }
      if (last !== null && applied.length > 0) this.#cache.meta.setLastSeq(last);
      return { effects: all, gap: stoppedAt };
    });
    const replayed = !this.#caughtUp;
    for (const { seq, type } of applied) this.#trace.emit('event.applied', { seq, type, replayed });
    if (applied.length > 0) this.#sink.effects(effects, replayed);
    if (gap) {
      this.#gapAt = gap.after;
      this.#awaitingResume = true;
      this.#trace.emit('sync.gap', { lastSeq: gap.after, receivedSeq: gap.seq });
      this.#resume(`events ${gap.after + 1}-${gap.seq - 1} never arrived`);
      return;
    }
    if (applied.length > 0) this.#gapAt = null;
    this.#payResync();
  }

  /** The replay after a resume jumped the same gap: the log has no such events. */
  #acceptGap(last: number, seq: number): void {
    this.#gapAt = null;
    this.#resyncOwed = true;
    this.#trace.emit('core.error', {
      where: 'sync.gap',
      message: `The server's log has no events ${last + 1}-${seq - 1}; refetching the conversation list.`,
    });
  }

  /** Refetches the list for an accepted gap, once no resume is under way (their effects are not in the log). */
  #payResync(): void {
    if (!this.#resyncOwed || this.#awaitingResume) return;
    this.#resyncOwed = false;
    const last = this.#cache.meta.lastSeq();
    if (last !== null) this.#background('resync', this.resync(last));
  }

  /** Drops what is queued and applies nothing more (the core is closing; unapplied events are replayed). */
  close(): void {
    this.#closed = true;
    this.#queue = [];
  }

  caughtUpAt(seq: number): void {
    this.flush();
    if (this.#awaitingResume) return;
    // During a refetch (fresh start, or resync_required) the refetch decides when we are caught up.
    if (this.#resyncing || this.#cache.meta.lastSeq() === null) return;
    this.#markCaughtUp(seq);
  }

  /** Refetches every conversation; events after `latestSeq` keep arriving live meanwhile. */
  async resync(latestSeq: number): Promise<void> {
    this.flush();
    const generation = ++this.#generation;
    this.#caughtUp = false;
    this.#resyncing = true;
    this.#trace.emit('resync.started', { latestSeq });
    let conversations: Conversation[];
    try {
      conversations = await this.#fetchAllConversations();
    } catch (error) {
      this.#trace.emit('core.error', { where: 'resync', message: AppError.from(error).message });
      return;
    } finally {
      if (generation === this.#generation) this.#resyncing = false;
    }
    if (generation !== this.#generation) return;
    const known = new Set(conversations.map((c) => c.id));
    const removed = this.#cache.transaction(() => {
      for (const conversation of conversations) this.#cache.conversations.upsert(conversation);
      const gone = this.#cache.conversations.ids().filter((id) => !known.has(id));
      for (const id of gone) {
        this.#cache.conversations.delete(id);
        this.#cache.messages.deleteConversation(id);
      }
      const last = this.#cache.meta.lastSeq();
      this.#cache.meta.setLastSeq(Math.max(last ?? 0, latestSeq));
      return gone;
    });
    this.#trace.emit('resync.done', { conversations: conversations.length });
    this.#sink.resynced([...known], removed);
    this.#markCaughtUp(this.#cache.meta.lastSeq() ?? latestSeq);
  }

  #markCaughtUp(seq: number): void {
    if (this.#caughtUp) return;
    this.#caughtUp = true;
    this.#trace.emit('caught-up', { seq });
    this.#sink.caughtUp();
  }

  async #fetchAllConversations(): Promise<Conversation[]> {
    const all: Conversation[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await this.#requests.request('conversations.list', {
        limit: LIMITS.conversationPageMax,
        ...(cursor === undefined ? {} : { cursor }),
      });
      all.push(...page.conversations);
      if (page.nextCursor === null) return all;
      cursor = page.nextCursor;
    }
  }
}
