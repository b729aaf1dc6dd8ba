/**
 * Issue 9, client side: how fast a core that was away catches up. Bob's core is stopped while Alice sends
 * `MISSED` messages into their group; then it reconnects and replays them from its last applied seq,
 * timed from the welcome to the core's 'caught-up' (every missed event applied to its SQLite cache and
 * pushed to the UI). Baseline in the same run: a raw WebSocket resuming from the same seq, timed from its
 * welcome to the server's caught_up frame (the floor the server and socket allow, with nothing applied).
 */
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import type { Core } from '../../src-main/core/core.ts';
import { createRouter } from '../../src-main/core/router.ts';
import { spawnServer } from '../../tests/support/server-process.ts';
import type { BenchRow } from '../lib/report.ts';
import { dismissPerson, signUpPerson } from './bench-person.ts';
import type { BenchPerson } from './bench-person.ts';
import { rawFlush } from './outbox-flush.ts';

const MISSED = 2_000;

/** A raw socket resuming from `fromSeq`: welcome → caught_up, and how many events came between. */
async function rawCatchUp(wsUrl: string, token: string, fromSeq: number): Promise<number> {
  const socket = new WebSocket(wsUrl);
  return new Promise<number>((resolve, reject) => {
    socket.on('error', reject);
    let start = 0;
    let events = 0;
    socket.on('open', () => socket.send(JSON.stringify({ type: 'hello', token, resumeFromSeq: fromSeq })));
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { type: string };
      if (frame.type === 'welcome') start = performance.now();
      else if (frame.type === 'event') events += 1;
      else if (frame.type === 'caught_up') {
        const elapsed = performance.now() - start;
        socket.close();
        if (events < MISSED) reject(new Error(`raw catch-up saw ${events} events, expected ${MISSED}`));
        else resolve(elapsed);
      }
    });
  });
}

/** Reconnects the stopped core and times welcome → caught-up. */
async function coreCatchUp(core: Core): Promise<{ ms: number; applied: number }> {
  let applied = 0;
  let welcomedAt = 0;
  const offApplied = core.trace.on('event.applied', () => {
    applied += 1;
  });
  const offWelcome = core.trace.on('connection.welcome', () => {
    welcomedAt = performance.now();
  });
  const caughtUp = core.trace.waitFor('caught-up', () => true, 120_000);
  core.connection.start();
  await caughtUp;
  const ms = performance.now() - welcomedAt;
  offApplied();
  offWelcome();
  return { ms, applied };
}

export async function catchUpRows(): Promise<{ rows: BenchRow[]; notes: string[] }> {
  const server = await spawnServer({ args: ['--send-rate', '1000000'] });
  const people: BenchPerson[] = [];
  try {
    const alice = await signUpPerson(server.url, 'alice');
    const bob = await signUpPerson(server.url, 'bob');
    const carl = await signUpPerson(server.url, 'carl');
    people.push(alice, bob, carl);
    const aliceId = alice.core.me?.id ?? '';
    for (const member of [bob, carl])
      await member.core.connection.request('users.follow', { userId: aliceId });
    // Listened for before the group is made: the server may push Bob's event before Alice's answer.
    const bobSeesGroup = bob.core.trace.waitFor(
      'event.applied',
      (e) => e.type === 'conversation.updated',
      30_000,
    );
    const { conversation } = await alice.core.connection.request('conversations.createGroup', {
      userIds: [bob, carl].map((p) => p.core.me?.id ?? ''),
    });
    // Carl only makes the group a group; Bob is the one who was away.
    dismissPerson(carl);
    people.pop();
    await bobSeesGroup;

    bob.core.connection.stop();
    const fromSeq = bob.core.sync.lastSeq ?? 0;
    const aliceToken = alice.core.session.accessToken;
    const bobToken = bob.core.session.accessToken;
    if (aliceToken === null || bobToken === null) throw new Error('no token');
    await rawFlush(alice.core.server.wsUrl, aliceToken, conversation.id, 64, MISSED);
    const raw = await rawCatchUp(bob.core.server.wsUrl, bobToken, fromSeq);
    const replay = await coreCatchUp(bob.core);
    const opened = await createRouter(bob.core).handle('conversations.open', {
      conversationId: conversation.id,
    });
    if (!opened.ok) throw new Error(`open: ${opened.error.message}`);
    const rows: BenchRow[] = [
      {
        name: `catch-up after being away, ${MISSED.toLocaleString('en-US')} missed messages (welcome → caught up)`,
        value: replay.ms,
        unit: 'ms',
        baseline: raw,
        baselineName: 'raw socket resuming from the same seq, welcome → caught_up',
      },
    ];
    const notes = [
      `Catch-up: Bob's core stopped while Alice sent ${MISSED.toLocaleString('en-US')} messages into their group; on reconnect it applied ${replay.applied.toLocaleString('en-US')} events to its cache (${Math.round((replay.applied / replay.ms) * 1000).toLocaleString('en-US')} events/s) and pushed them to the UI before 'caught-up'.`,
    ];
    return { rows, notes };
  } finally {
    for (const person of people) dismissPerson(person);
    await server.cleanup();
  }
}
