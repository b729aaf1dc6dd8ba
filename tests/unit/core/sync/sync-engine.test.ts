import { beforeEach, describe, expect, it } from 'vitest';
import { Cache } from '../../../../src-main/core/cache/cache.ts';
import type { SyncEffect } from '../../../../src-main/core/sync/apply-event.ts';
import { MAX_BURST, SyncEngine } from '../../../../src-main/core/sync/sync-engine.ts';
import { Trace } from '../../../../src-main/core/trace.ts';
import type { UserEvent } from '../../../../src-shared/protocol.ts';
import { conversationFixture, messageFixture } from '../fixtures.ts';

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
  let waiting: ((call: SinkCall) => void) | null = null;
  nextEffects = () => new Promise((resolve) => (waiting = resolve));
  engine = new SyncEngine({
    cache,
    trace,
    meId: () => 'me',
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
