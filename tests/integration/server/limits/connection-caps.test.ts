import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { LIMITS } from '../../../../src-shared/limits.ts';
import { CLOSE_CODES, WS_PATH, serverFrameSchema } from '../../../../src-shared/protocol.ts';
import type { ServerFrame } from '../../../../src-shared/protocol.ts';
import { spawnServer } from '../../../support/server-process.ts';
import type { ServerProcess } from '../../../support/server-process.ts';
import { signUpClient } from '../../../support/test-client.ts';
import { openFrom } from '../../../support/from-address.ts';
import type { UpgradeOutcome } from '../../../support/from-address.ts';

let server: ServerProcess;
beforeAll(async () => {
  server = await spawnServer();
});
afterAll(async () => {
  await server?.cleanup();
});

/** Runs `count` attempts, `width` at a time. */
async function inBatches<T>(count: number, width: number, attempt: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let start = 0; start < count; start += width) {
    const batch = Array.from({ length: Math.min(width, count - start) }, (_, j) => attempt(start + j));
    results.push(...(await Promise.all(batch)));
  }
  return results;
}

const opened = (outcomes: UpgradeOutcome[]) => outcomes.flatMap((o) => (o.kind === 'open' ? [o.socket] : []));

/** Says hello on an open socket; resolves with the first frame that settles it and the close code, if any. */
function hello(socket: WebSocket, token: string): Promise<{ frame: ServerFrame; closeCode: number | null }> {
  return new Promise((resolve) => {
    let closeCode: number | null = null;
    let settled: ServerFrame | null = null;
    socket.on('message', (data) => {
      const frame = serverFrameSchema.parse(JSON.parse(data.toString()));
      if (frame.type === 'caught_up') resolve({ frame, closeCode });
      if (frame.type === 'error') settled = frame;
    });
    socket.on('close', (code) => {
      closeCode = code;
      if (settled) resolve({ frame: settled, closeCode });
    });
    socket.send(JSON.stringify({ type: 'hello', token, resumeFromSeq: null }));
  });
}

describe('connection caps', () => {
  it(`of 3,000 sockets from one address, at most ${LIMITS.unauthenticatedSocketsPerAddress} are open before their hello; the rest are answered 429, and the silent ones closed with 4008`, async () => {
    const openedAt: number[] = [];
    const closeCodes: Promise<number>[] = [];
    const outcomes = await inBatches(3_000, 100, async () => {
      const outcome = await openFrom(server.url, '127.0.0.2');
      if (outcome.kind === 'open') {
        openedAt.push(performance.now());
        closeCodes.push(new Promise((resolve) => outcome.socket.once('close', (code) => resolve(code))));
      }
      return outcome;
    });
    // Sockets that never say hello are closed helloTimeoutMs after they open, which frees their places,
    // so a long run may see more than the cap open in turn. Before the first of them can have timed out
    // (with half a second to spare for the trip), exactly the cap got in.
    const firstOpen = Math.min(...openedAt);
    const earlyWindow = firstOpen + LIMITS.helloTimeoutMs - 500;
    expect(openedAt.filter((at) => at < earlyWindow)).toHaveLength(LIMITS.unauthenticatedSocketsPerAddress);
    const refused = outcomes.filter((o) => o.kind === 'refused');
    expect(refused.length + opened(outcomes).length).toBe(3_000);
    expect(refused.length).toBeGreaterThan(3_000 - 4 * LIMITS.unauthenticatedSocketsPerAddress);
    expect(new Set(refused.map((o) => (o.kind === 'refused' ? o.status : 0)))).toEqual(new Set([429]));
    expect(new Set(await Promise.all(closeCodes))).toEqual(new Set([CLOSE_CODES.helloTimeout]));

    // Another address connects as usual.
    const elsewhere = await openFrom(server.url, '127.0.0.3');
    expect(elsewhere.kind).toBe('open');
    if (elsewhere.kind === 'open') elsewhere.socket.close();
  });

  it('a socket that says hello leaves its address’s unauthenticated count', async () => {
    const user = await signUpClient(server.url, 'capped', false);
    const outcomes = await inBatches(LIMITS.unauthenticatedSocketsPerAddress + 1, 50, () =>
      openFrom(server.url, '127.0.0.6'),
    );
    const open = opened(outcomes);
    expect(open).toHaveLength(LIMITS.unauthenticatedSocketsPerAddress);
    const first = open[0];
    if (!first) throw new Error('no open socket');
    expect((await hello(first, user.auth.tokens.accessToken)).frame.type).toBe('caught_up');
    const next = await openFrom(server.url, '127.0.0.6');
    expect(next.kind).toBe('open');
    for (const socket of [...open, ...opened([next])]) socket.terminate();
  });

  it('a handshake that ws refuses gives its place among the address’s unauthenticated sockets back', async () => {
    const refusals = LIMITS.unauthenticatedSocketsPerAddress + 8;
    for (let i = 0; i < refusals; i++) {
      // A version ws does not speak: answered 400 after the place was taken, and the socket ended.
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(`${server.url}${WS_PATH}`, {
          localAddress: '127.0.0.8',
          agent: false,
          headers: {
            Connection: 'Upgrade',
            Upgrade: 'websocket',
            'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
            'Sec-WebSocket-Version': '12',
          },
        });
        req.on('response', (res) => {
          res.resume();
          res.socket.once('close', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end();
      });
      expect(status).toBe(400);
    }
    // Had any of them kept its place, the address would be full by now.
    const outcomes = await inBatches(LIMITS.unauthenticatedSocketsPerAddress, 50, () =>
      openFrom(server.url, '127.0.0.8'),
    );
    expect(opened(outcomes)).toHaveLength(LIMITS.unauthenticatedSocketsPerAddress);
    for (const socket of opened(outcomes)) socket.terminate();
  });

  it(`of 1,000 sockets for one session, ${LIMITS.socketsPerUser} are welcomed and the rest closed with 4029 TOO_MANY_CONNECTIONS`, async () => {
    const user = await signUpClient(server.url, 'many', false);
    const token = user.auth.tokens.accessToken;
    // Under the unauthenticated cap at any moment: 25 sockets in flight at once.
    const outcomes = await inBatches(1_000, 25, async () => {
      const attempt = await openFrom(server.url, '127.0.0.4');
      if (attempt.kind !== 'open') throw new Error(`could not open: ${attempt.kind}`);
      return { socket: attempt.socket, ...(await hello(attempt.socket, token)) };
    });
    const welcomed = outcomes.filter((o) => o.frame.type === 'caught_up');
    const refused = outcomes.filter((o) => o.frame.type === 'error');
    expect(welcomed).toHaveLength(LIMITS.socketsPerUser);
    expect(refused).toHaveLength(1_000 - LIMITS.socketsPerUser);
    for (const { frame, closeCode } of refused) {
      expect(frame).toMatchObject({ type: 'error', error: { code: 'TOO_MANY_CONNECTIONS' } });
      expect(closeCode).toBe(CLOSE_CODES.tooManyConnections);
    }
    // Another user is not affected by this one's count.
    const other = await signUpClient(server.url, 'other');
    expect((await other.request('me.get', {})).me.id).toBe(other.userId);
    await other.close();
    for (const { socket } of welcomed) socket.terminate();
  });

  it(`closes TCP connections from one address past ${LIMITS.connectionsPerAddress} at once; other addresses still get answers`, async () => {
    const attempts = LIMITS.connectionsPerAddress + 40;
    const sockets: Socket[] = [];
    let closedByServer = 0;
    let allClosed!: () => void;
    const extraClosed = new Promise<void>((resolve) => (allClosed = resolve));
    for (let i = 0; i < attempts; i++) {
      const socket = connect({ host: '127.0.0.1', port: server.port, localAddress: '127.0.0.5' });
      socket.on('error', () => {}); // a reset of a refused connection ends in 'close', which is counted
      socket.on('close', () => {
        closedByServer += 1;
        if (closedByServer === attempts - LIMITS.connectionsPerAddress) allClosed();
      });
      await new Promise<void>((resolve) => socket.once('connect', resolve).once('close', resolve));
      sockets.push(socket);
    }
    await extraClosed;
    expect(sockets.filter((s) => !s.destroyed)).toHaveLength(LIMITS.connectionsPerAddress);

    const health = await fetch(`${server.url}/api/v1/health`);
    expect(health.status).toBe(200);
    for (const socket of sockets) socket.destroy();
  });
});
