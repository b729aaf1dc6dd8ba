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

export interface SyncSink {
  /** Effects of one committed change. `replayed`: the event came from catch-up, not live. */
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

  readonly #background: Background;

  constructor(options: {
    cache: Cache;
    requests: RequestApi;
    trace: Trace;
    background: Background;
    sink: SyncSink;
    meId: () => string | null;
  }) {
    this.#background = options.background;
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
    this.#caughtUp = false;
    this.#resyncing = false;
    this.#generation += 1;
  }

  welcome(frame: WelcomeFrame, resumedFrom: number | null): void {
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

  event(seq: number, event: UserEvent): void {
    const meId = this.#meId();
    if (meId === null) return;
    const last = this.#cache.meta.lastSeq();
    if (last !== null && seq <= last) return;
    const effects = this.#cache.transaction(() => {
      const applied = applyEvent(this.#cache, meId, event);
      this.#cache.meta.setLastSeq(seq);
      return applied;
    });
    const replayed = !this.#caughtUp;
    this.#trace.emit('event.applied', { seq, type: event.type, replayed });
    this.#sink.effects(effects, replayed);
  }

  caughtUpAt(seq: number): void {
    // During a refetch (fresh start, or resync_required) the refetch decides when we are caught up.
    if (this.#resyncing || this.#cache.meta.lastSeq() === null) return;
    this.#markCaughtUp(seq);
  }

  /** Refetches every conversation; events after `latestSeq` keep arriving live meanwhile. */
  async resync(latestSeq: number): Promise<void> {
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
