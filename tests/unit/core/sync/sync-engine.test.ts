import { beforeEach, describe, expect, it } from 'vitest';
import { Cache } from '../../../../src-main/core/cache/cache.ts';
import type { SyncEffect } from '../../../../src-main/core/sync/apply-event.ts';
import { MAX_BURST, SyncEngine } from '../../../../src-main/core/sync/sync-engine.ts';
import { Trace } from '../../../../src-main/core/trace.ts';
import type { WelcomeFrame } from '../../../../src-main/core/connection/connection-options.ts';
import type { TraceEvent } from '../../../../src-main/core/trace.ts';
import { PROTOCOL_VERSION } from '../../../../src-shared/protocol.ts';
import type { UserEvent } from '../../../../src-shared/protocol.ts';
import { T0, conversationFixture, messageFixture, user } from '../fixtures.ts';

/**
 * The sync engine applies the events of one socket read as one burst: one transaction, one seq update,
 * one call to the sink. Over a real in-memory SQLite cache.
 */
interface SinkCall {
  effects: SyncEffect[];
  replayed: boolean;
}

let cache: Cache;
let trace: Trace;
let calls: (SinkCall | 'caught-up')[];
let background: string[];
/** Why the engine asked the connection to resume, in order. */
let resumes: string[];
let engine: SyncEngine;
/** Resolves at the next call to the sink's `effects`. */
let nextEffects: () => Promise<SinkCall>;

beforeEach(() => {
  cache = Cache.open({ path: ':memory:' });
  cache.conversations.upsert(conversationFixture('c'));
  cache.meta.setLastSeq(0);
  trace = new Trace();
  calls = [];
  background = [];
  resumes = [];
  let waiting: ((call: SinkCall) => void) | null = null;
  nextEffects = () => new Promise((resolve) => (waiting = resolve));
  engine = new SyncEngine({
    cache,
    trace,
    meId: () => 'me',
    resume: (reason) => resumes.push(reason),
    requests: { request: () => Promise.reject(new Error('no server in this test')) },
    background: (where, task) => {
      background.push(where);
      task.catch((error: unknown) => background.push(`failed: ${String(error)}`));
    },
    sink: {
      effects: (effects, replayed) => {
        const call = { effects, replayed };
        calls.push(call);
        waiting?.(call);
      },
      resynced: () => undefined,
      caughtUp: () => calls.push('caught-up'),
    },
  });
});

const created = (seq: number): UserEvent => ({ type: 'message.created', message: messageFixture('c', seq) });
const storedSeqs = (call: SinkCall) =>
  call.effects.flatMap((e) => (e.kind === 'message.stored' ? [e.message.seq] : []));

describe('sync engine bursts', () => {
  it('applies the events of one read together after the read: one sink call, every event in order', async () => {
    const applied: number[] = [];
    trace.on('event.applied', (e) => applied.push(e.seq));
    const effects = nextEffects();
    for (let seq = 1; seq <= 100; seq += 1) engine.event(seq, created(seq));
    expect(engine.lastSeq).toBe(0); // nothing yet: the read is still being delivered
    const call = await effects;
    expect(calls).toHaveLength(1);
    expect(storedSeqs(call)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(call.replayed).toBe(true);
    expect(applied).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(engine.lastSeq).toBe(100);
    expect(cache.conversations.get('c')?.conversation.unreadCount).toBe(100);
    expect(background).toEqual(['sync.apply']);
  });

  it('skips events at or below the last applied seq, also inside one burst', async () => {
    engine.event(1, created(1));
    await nextEffects();
    const effects = nextEffects();
    for (const seq of [1, 2, 2, 3]) engine.event(seq, created(seq));
    expect(storedSeqs(await effects)).toEqual([2, 3]);
    expect(engine.lastSeq).toBe(3);
  });

  it('applies what is queued before marking caught up, so those events count as replayed', () => {
    for (let seq = 1; seq <= 3; seq += 1) engine.event(seq, created(seq));
    engine.caughtUpAt(3);
    expect(calls).toHaveLength(2);
    expect(calls[0]).toMatchObject({ replayed: true });
    expect(calls[1]).toBe('caught-up');
    expect(engine.caughtUp).toBe(true);
  });

  it('applies a full burst at once instead of growing one transaction without bound', () => {
    for (let seq = 1; seq <= MAX_BURST; seq += 1) engine.event(seq, created(seq));
    expect(calls).toHaveLength(1);
    expect(engine.lastSeq).toBe(MAX_BURST);
  });

  it('applies the queue when the connection drops, and drops it unapplied when the core closes', async () => {
    engine.event(1, created(1));
    engine.disconnected();
    expect(engine.lastSeq).toBe(1);

    engine.event(2, created(2));
    engine.close();
    // The microtask that would have applied it finds nothing: the next connection replays seq 2.
    await Promise.resolve();
    expect(engine.lastSeq).toBe(1);
    expect(calls).toHaveLength(1);
  });
});

/** The welcome of a socket that resumed from `resumedFrom` (the cache already belongs to 'me'). */
function welcomeAfterResume(resumedFrom: number, latestSeq: number): void {
  const frame: WelcomeFrame = {
    type: 'welcome',
    me: { ...user('me'), communityMuted: false, createdAt: T0 },
    sessionId: 's1',
    serverTime: T0,
    latestSeq,
    protocol: PROTOCOL_VERSION,
  };
  engine.welcome(frame, resumedFrom);
}

describe('gaps in the event stream', () => {
  beforeEach(() => {
    engine.claimFor('me');
  });

  it('applies up to a gap, asks the connection to resume from there, and ignores that socket after it', () => {
    const gaps: TraceEvent<'sync.gap'>[] = [];
    trace.on('sync.gap', (event) => gaps.push(event));
    for (const seq of [1, 2, 4, 5]) engine.event(seq, created(seq));
    engine.flush();
    expect(cache.meta.lastSeq()).toBe(2);
    expect(calls.map((c) => (c === 'caught-up' ? c : storedSeqs(c)))).toEqual([[1, 2]]);
    expect(gaps).toMatchObject([{ lastSeq: 2, receivedSeq: 4 }]);
    expect(resumes).toEqual(['events 3-3 never arrived']);
    // Frames still read from the dropped socket change nothing, and it is not caught up.
    engine.event(6, created(6));
    engine.caughtUpAt(6);
    expect(cache.meta.lastSeq()).toBe(2);
    expect(calls).toHaveLength(1);
    expect(engine.caughtUp).toBe(false);
  });

  it('applies the replay that fills the gap on the resumed socket, and treats a later gap as new', () => {
    for (const seq of [1, 2, 5]) engine.event(seq, created(seq));
    engine.flush();
    welcomeAfterResume(2, 5);
    for (const seq of [3, 4, 5]) engine.event(seq, created(seq));
    engine.caughtUpAt(5);
    expect(cache.meta.lastSeq()).toBe(5);
    expect(calls.at(-2)).toMatchObject({ replayed: true });
    expect(storedSeqs(calls.at(-2) as SinkCall)).toEqual([3, 4, 5]);
    expect(calls.at(-1)).toBe('caught-up');
    // Live again; the next gap is another one, so it resumes again rather than being accepted.
    engine.event(7, created(7));
    engine.flush();
    expect(cache.meta.lastSeq()).toBe(5);
    expect(resumes).toEqual(['events 3-4 never arrived', 'events 6-6 never arrived']);
    expect(background).not.toContain('resync');
  });

  it('accepts the same gap when the replay jumps it again, says so, and refetches the conversation list', () => {
    const errors: TraceEvent<'core.error'>[] = [];
    trace.on('core.error', (event) => errors.push(event));
    for (const seq of [1, 2, 4]) engine.event(seq, created(seq));
    engine.flush();
    welcomeAfterResume(2, 4);
    // The server's log has no 3: its replay jumps it again.
    engine.event(4, created(4));
    engine.flush();
    expect(cache.meta.lastSeq()).toBe(4);
    expect(resumes).toHaveLength(1);
    expect(errors).toMatchObject([
      { where: 'sync.gap', message: "The server's log has no events 3-3; refetching the conversation list." },
    ]);
    expect(background).toContain('resync');
  });

  it('does not look for gaps while the list is refetched (resync_required, fresh start)', async () => {
    let answer: (() => void) | null = null;
    const refetch = new SyncEngine({
      cache,
      trace,
      meId: () => 'me',
      resume: (reason) => resumes.push(reason),
      requests: {
        request: () =>
          new Promise((_, reject) => {
            answer = () => reject(new Error('no server in this test'));
          }),
      },
      background: () => undefined,
      sink: { effects: () => undefined, resynced: () => undefined, caughtUp: () => undefined },
    });
    const resync = refetch.resync(100);
    // The server's cursor is at 100: its live events start at 101 while the cache is still at 0.
    refetch.event(101, created(101));
    refetch.flush();
    expect(cache.meta.lastSeq()).toBe(101);
    expect(resumes).toEqual([]);
    (answer as (() => void) | null)?.();
    await resync;
  });
});
