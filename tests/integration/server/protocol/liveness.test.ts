import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { LIMITS } from '../../../../src-shared/limits.ts';
import { CLOSE_CODES, WS_PATH, serverFrameSchema } from '../../../../src-shared/protocol.ts';
import type { ServerFrame } from '../../../../src-shared/protocol.ts';
import { spawnServer } from '../../../support/server-process.ts';
import type { ServerProcess } from '../../../support/server-process.ts';
import { signUpClient } from '../../../support/test-client.ts';

// The gateway's timers are shared by every socket (one sweep, one hello deadline queue): these check that
// each socket is still held to them. A short heartbeat, so a dead peer is found within seconds; not
// shorter, because a live socket must pong within one interval, and on a loaded 2-core machine this test
// process can stall for a few hundred ms (at 150 ms a live socket was dropped as dead in one CI run).
const HEARTBEAT_MS = 1_000;
const SOCKETS_PER_USER = 2;

let server: ServerProcess;
beforeAll(async () => {
  server = await spawnServer({
    args: [
      '--heartbeat-interval-ms',
      String(HEARTBEAT_MS),
      '--max-sockets-per-user',
      String(SOCKETS_PER_USER),
    ],
  });
});
afterAll(async () => {
  await server?.cleanup();
});

interface Peer {
  socket: WebSocket;
  frames: ServerFrame[];
  /** Pings received from the server so far. */
  pings(): number;
  /** Resolves when the server has pinged this socket `count` times in all. */
  pinged(count: number): Promise<void>;
  /** Resolves with the first frame that passes `test`, received already or later. */
  frame(test: (frame: ServerFrame) => boolean): Promise<ServerFrame>;
  closed: Promise<number>;
}

/** Opens a socket; `autoPong: false` makes it a peer that is connected but never answers a ping. */
async function open(options: { autoPong?: boolean } = {}): Promise<Peer> {
  const socket = new WebSocket(`${server.wsUrl}${WS_PATH}`, { autoPong: options.autoPong ?? true });
  const frames: ServerFrame[] = [];
  const listeners = new Set<() => void>();
  let pings = 0;
  const changed = () => {
    for (const listener of listeners) listener();
  };
  socket.on('message', (data) => {
    frames.push(serverFrameSchema.parse(JSON.parse(data.toString())));
    changed();
  });
  socket.on('ping', () => {
    pings += 1;
    changed();
  });
  const until = (done: () => boolean) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (!done()) return;
        listeners.delete(check);
        resolve();
      };
      listeners.add(check);
      check();
    });
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  socket.on('error', () => {}); // a dropped peer sees a reset; `closed` is what the tests await
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return {
    socket,
    frames,
    pings: () => pings,
    pinged: (count) => until(() => pings >= count),
    frame: async (test) => {
      // A socket the server closed will not get the frame: say so at once rather than time out.
      await Promise.race([
        until(() => frames.some(test)),
        closed.then((code) => Promise.reject(new Error(`the server closed the socket (${code})`))),
      ]);
      const found = frames.find(test);
      if (!found) throw new Error('unreachable: the frame was there');
      return found;
    },
    closed,
  };
}

/**
 * A user of the test's own. The server counts sockets per user (at most SOCKETS_PER_USER) and frees a place
 * only when it has seen the socket close, which can come after the client's own close event: a user shared
 * with an earlier test could still hold that test's places (a greeted socket was once refused with 4029).
 */
async function newUser(name: string): Promise<string> {
  return (await signUpClient(server.url, name, false)).auth.tokens.accessToken;
}

/** A socket that said hello, once the server has settled it: caught up, or refused. */
async function signedIn(
  token: string,
  options: { autoPong?: boolean } = {},
): Promise<Peer & { settled: ServerFrame }> {
  const peer = await open(options);
  peer.socket.send(JSON.stringify({ type: 'hello', token, resumeFromSeq: null }));
  const settled = await peer.frame((f) => f.type === 'caught_up' || f.type === 'error');
  return { ...peer, settled };
}

describe('liveness', () => {
  it('drops a peer that stops answering pings, frees its place, and keeps one that answers', async () => {
    const token = await newUser('liveness');
    const live = await signedIn(token);
    const dead = await signedIn(token, { autoPong: false });
    expect([live.settled.type, dead.settled.type]).toEqual(['caught_up', 'caught_up']);
    const code = await dead.closed;
    expect(code).toBe(1006); // terminated: no close handshake with a peer that is not there
    expect(dead.pings()).toBeGreaterThanOrEqual(1); // it was asked, and did not answer

    // The live one answered every ping meanwhile and keeps being pinged.
    const pingsThen = live.pings();
    await live.pinged(pingsThen + 3);
    expect(live.socket.readyState).toBe(WebSocket.OPEN);
    // The dead socket's place among the user's sockets was given back: a second one fits beside `live`.
    const again = await signedIn(token);
    expect(again.settled.type).toBe('caught_up');
    live.socket.close(1000);
    again.socket.close(1000);
    expect(await Promise.all([live.closed, again.closed])).toEqual([1000, 1000]);
  });

  it(`closes a socket that says nothing with 4008 ${LIMITS.helloTimeoutMs} ms after it opens, and no socket that said hello`, async () => {
    const greeted = await signedIn(await newUser('greeted'));
    const silentOpenedAt = performance.now();
    const silent = await open();
    const code = await silent.closed;
    const waited = performance.now() - silentOpenedAt;
    expect(code).toBe(CLOSE_CODES.helloTimeout);
    expect(silent.frames).toEqual([
      { type: 'error', error: { code: 'UNAUTHENTICATED', message: 'No hello within the time limit.' } },
    ]);
    expect(waited).toBeGreaterThanOrEqual(LIMITS.helloTimeoutMs);
    // `greeted` opened first, so its own hello deadline passed before the silent one's: it is still served.
    greeted.socket.send(JSON.stringify({ type: 'request', id: 'r1', op: 'me.get', params: {} }));
    const answer = await greeted.frame((f) => f.type === 'response' && f.id === 'r1');
    expect(answer).toMatchObject({ type: 'response', id: 'r1', ok: true });
    greeted.socket.close(1000);
    expect(await greeted.closed).toBe(1000);
  });
});
