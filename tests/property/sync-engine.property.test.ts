import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { Cache } from '../../src-main/core/cache/cache.ts';
import { SyncEngine } from '../../src-main/core/sync/sync-engine.ts';
import { Trace } from '../../src-main/core/trace.ts';
import type { Message } from '../../src-shared/domain.ts';
import type { UserEvent } from '../../src-shared/protocol.ts';
import { propertyParams } from './params.ts';

/**
 * The sync engine over a real SQLite cache file, fed the way a server feeds it over flaky connections:
 * each connection resumes at or before the last seq the client applied (a replay may repeat events it
 * already has), delivers a run of the stream in socket reads (each applied as one burst) and drops, or the
 * app is killed with a read still queued; the app may restart between connections (the cache file is
 * reopened). Whatever the interleaving, the cache must end as the stream's prefix applied
 * once, in order: every message once, at its seq; the outbox settled for every own message delivered.
 */
const ME = '01900000-0000-7000-8000-00000000000a';
const OTHER = '01900000-0000-7000-8000-00000000000b';
const CONVERSATION = '01900000-0000-7000-8000-0000000000cc';
const T0 = 1_750_000_000_000;

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function message(seq: number, mine: boolean, createdAt: number): Message {
  const hex = seq.toString(16).padStart(12, '0');
  return {
    id: `01900000-0000-7000-9000-${hex}`,
    conversationId: CONVERSATION,
    seq,
    authorId: mine ? ME : OTHER,
    clientId: `client-${seq}`,
    body: `body ${seq}`,
    createdAt,
  };
}

/**
 * A connection delivers `length` frames from `back` before the client's last seq, `read` frames per
 * socket read (the engine applies each read as one burst), then drops; `crash` ends it with the app
 * killed before the last read was applied (those frames are lost to the client and must come again).
 */
type Step =
  { kind: 'connection'; back: number; length: number; read: number; crash: boolean } | { kind: 'restart' };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('connection' as const),
      back: fc.nat(6),
      length: fc.nat(12),
      read: fc.integer({ min: 1, max: 8 }),
      crash: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'restart' as const }) },
);

function engineOn(cache: Cache): SyncEngine {
  return new SyncEngine({
    cache,
    trace: new Trace(),
    meId: () => ME,
    // Only a resync asks the server anything, and no resync happens here.
    requests: { request: () => Promise.reject(new Error('no server in this test')) },
    // The only background work is the microtask that applies a read; the test applies every read itself
    // (as the microtask would) before the next, so the microtask finds nothing left to do.
    background: (where) => {
      if (where !== 'sync.apply') throw new Error(`unexpected background work: ${where}`);
    },
    sink: { effects: () => undefined, resynced: () => undefined, caughtUp: () => undefined },
    // The streams here have no gaps: a resume would be a false alarm.
    resume: (reason) => {
      throw new Error(`unexpected resume: ${reason}`);
    },
  });
}

describe('sync engine (property)', () => {
  it('ends as the stream applied once and in order, whatever the replays, reads, drops, crashes and restarts', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ mine: fc.boolean(), sameMs: fc.boolean() }), { minLength: 1, maxLength: 40 }),
        fc.array(stepArb, { minLength: 1, maxLength: 25 }),
        (shape, steps) => {
          // The server's stream: one message.created per seq; some share a millisecond (sort-key ties).
          let at = T0;
          const stream: { seq: number; event: UserEvent; message: Message }[] = shape.map((s, i) => {
            if (!s.sameMs) at += 1;
            const m = message(i + 1, s.mine, at);
            return { seq: i + 1, message: m, event: { type: 'message.created', message: m } };
          });
          const dir = mkdtempSync(join(tmpdir(), 'beatpass-prop-sync-'));
          dirs.push(dir);
          const path = join(dir, 'cache.sqlite');
          let cache = Cache.open({ path, onNewerSchema: 'refuse' });
          // Own messages were written to the outbox before they were sent: delivery must settle them.
          for (const { message: m } of stream)
            if (m.authorId === ME)
              cache.outbox.add({
                clientId: m.clientId,
                conversationId: CONVERSATION,
                authorId: ME,
                body: m.body,
                createdAt: m.createdAt,
              });
          let engine = engineOn(cache);
          let delivered = 0;
          try {
            for (const step of steps) {
              if (step.kind === 'restart') {
                cache.close();
                cache = Cache.open({ path, onNewerSchema: 'refuse' });
                engine = engineOn(cache);
                continue;
              }
              // The client resumes from what it applied; the server may replay a little before that.
              const last = engine.lastSeq ?? 0;
              const from = Math.max(1, last + 1 - step.back);
              const frames = stream.slice(from - 1, from - 1 + step.length);
              for (let start = 0; start < frames.length; start += step.read) {
                const read = frames.slice(start, start + step.read);
                for (const item of read) engine.event(item.seq, item.event);
                const lastRead = start + step.read >= frames.length;
                if (lastRead && step.crash) {
                  // Killed with this read queued: nothing of it reaches the cache.
                  engine.close();
                  cache.close();
                  cache = Cache.open({ path, onNewerSchema: 'refuse' });
                  engine = engineOn(cache);
                  break;
                }
                engine.flush();
                for (const item of read) delivered = Math.max(delivered, item.seq);
              }
              engine.disconnected();
            }
            const rows = cache.db
              .prepare<[string], { id: string; seq: number }>(
                'SELECT id, seq FROM messages WHERE conversation_id = ? ORDER BY sort_key',
              )
              .all(CONVERSATION);
            const expected = stream.slice(0, delivered).map((s) => ({ id: s.message.id, seq: s.seq }));
            expect(rows).toEqual(expected);
            expect(engine.lastSeq ?? 0).toBe(delivered);
            const unsettled = cache.outbox.all().map((e) => e.clientId);
            const stillExpected = stream
              .filter((s) => s.seq > delivered && s.message.authorId === ME)
              .map((s) => s.message.clientId);
            expect(unsettled).toEqual(stillExpected);
          } finally {
            cache.close();
          }
        },
      ),
      propertyParams({ numRuns: 60 }),
    );
  });
});
