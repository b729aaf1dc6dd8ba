import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import type { AddressInfo } from 'node:net';
import { ManualClock } from '../../../../src-main/core/clock.ts';
import { Connection } from '../../../../src-main/core/connection/connection.ts';
import type { ConnectionHandlers } from '../../../../src-main/core/connection/connection-options.ts';
import { ServerAddress } from '../../../../src-main/core/connection/server-address.ts';
import type { RefreshOutcome } from '../../../../src-main/core/connection/session.ts';
import { AppError } from '../../../../src-shared/errors.ts';
import type { ConnectionState } from '../../../../src-shared/ipc.ts';
import { CLOSE_CODES, PROTOCOL_VERSION } from '../../../../src-shared/protocol.ts';
import { createServer } from 'node:http';
import { user, T0 } from '../fixtures.ts';

/**
 * The connection against a scripted WebSocket server on loopback (a real socket; the script plays the
 * server's side of hello/welcome and misbehaves on purpose), with a manual clock so heartbeat, timeouts
 * and backoff are exact.
 */
type Script = (
  socket: WebSocket,
  hello: { token: string; resumeFromSeq: number | null },
  index: number,
) => void;

const servers: WebSocketServer[] = [];
const connections: Connection[] = [];
afterEach(async () => {
  for (const c of connections.splice(0)) c.stop();
  for (const s of servers.splice(0)) await new Promise<void>((resolve) => s.close(() => resolve()));
});

const welcome = (socket: WebSocket, protocol = PROTOCOL_VERSION) =>
  socket.send(
    JSON.stringify({
      type: 'welcome',
      me: { ...user('me'), communityMuted: false, createdAt: T0 },
      sessionId: 's1',
      serverTime: T0,
      latestSeq: 0,
      protocol,
    }),
  );

async function scriptedServer(script: Script, options: { autoPong?: boolean } = {}) {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', autoPong: options.autoPong ?? true });
  servers.push(wss);
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  let index = 0;
  const hellos: { token: string; resumeFromSeq: number | null }[] = [];
  wss.on('connection', (socket) => {
    const mine = index++;
    socket.once('message', (data) => {
      const hello = JSON.parse(String(data)) as { token: string; resumeFromSeq: number | null };
      hellos.push(hello);
      script(socket, hello, mine);
    });
  });
  const port = (wss.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}`, hellos, wss };
}

function connect(
  url: string,
  options: {
    refresh?: () => Promise<RefreshOutcome>;
    resume?: number | null;
    caughtUp?: (seq: number) => void;
  } = {},
) {
  const clock = new ManualClock(T0);
  const states: ConnectionState[] = [];
  const malformed: string[] = [];
  const failures: unknown[] = [];
  const waiters: { test: (s: ConnectionState) => boolean; resolve: (s: ConnectionState) => void }[] = [];
  let token = 'token-1';
  const handlers: ConnectionHandlers = {
    welcome: () => {},
    event: () => {},
    ephemeral: () => {},
    caughtUp: (seq) => options.caughtUp?.(seq),
    resyncRequired: () => {},
    signedOut: () => {},
    malformed: (detail) => malformed.push(detail),
    state: (state) => {
      states.push(state);
      for (const w of waiters.splice(0)) {
        if (w.test(state)) w.resolve(state);
        else waiters.push(w);
      }
    },
  };
  const connection = new Connection({
    server: new ServerAddress(url),
    clock,
    random: () => 0.5,
    tokens: {
      get accessToken() {
        return token;
      },
      refresh: async () => {
        const outcome = options.refresh ? await options.refresh() : 'ok';
        if (outcome === 'ok') token = 'token-2';
        return outcome;
      },
    },
    resumeFromSeq: () => options.resume ?? null,
    background: (_where, task) => void task.catch((error: unknown) => failures.push(error)),
    handlers,
    timings: {
      heartbeatIntervalMs: 20_000,
      heartbeatTimeoutMs: 10_000,
      requestTimeoutMs: 5_000,
      backoff: { baseMs: 500, capMs: 30_000 },
      resumeStreakMs: 1_000,
    },
  });
  connections.push(connection);
  const until = (test: (s: ConnectionState) => boolean) =>
    new Promise<ConnectionState>((resolve) => {
      if (test(connection.state)) resolve(connection.state);
      else waiters.push({ test, resolve });
    });
  return { connection, clock, states, until, malformed, failures };
}

/** How long until an offline connection tries again; any other state fails the test. */
function retryDelay(state: ConnectionState, clock: ManualClock): number {
  if (state.status !== 'offline' || state.nextRetryAt === null) throw new Error('expected a retry time');
  return state.nextRetryAt - clock.now();
}

describe('connection', () => {
  it('says hello with the token and resume seq, and goes online on welcome', async () => {
    const server = await scriptedServer((socket) => welcome(socket));
    const { connection, until } = connect(server.url, { resume: 41 });
    connection.start();
    expect(connection.state.status).toBe('connecting');
    await until((s) => s.status === 'online');
    expect(server.hellos).toEqual([{ type: 'hello', token: 'token-1', resumeFromSeq: 41 }]);
  });

  it('detects a half-open socket with a ping timeout, then backs off; online() reconnects at once', async () => {
    const server = await scriptedServer((socket) => welcome(socket), { autoPong: false });
    const { connection, clock, until } = connect(server.url);
    connection.start();
    await until((s) => s.status === 'online');
    clock.advance(20_000); // ping goes out
    clock.advance(9_999);
    expect(connection.state.status).toBe('online');
    clock.advance(1); // no pong within 10 s
    expect(connection.state).toEqual({
      status: 'offline',
      attempt: 1,
      nextRetryAt: clock.now() + 250, // full jitter: 0.5 · min(cap, 500 · 2^0)
      reason: 'no answer to ping (half-open connection)',
      cause: 'unreachable',
    });
    connection.online();
    expect(connection.state.status).toBe('connecting');
    await until((s) => s.status === 'online');
    expect(server.hellos).toHaveLength(2);
  });

  it('takes any frame as the answer to a ping (a replay can hold the pong back), and still drops a silent socket', async () => {
    // A server that never pongs: it answers the first ping with a frame, as the event frames of a long
    // replay arrive while the pong waits behind them, and the second with nothing.
    let pings = 0;
    const server = await scriptedServer(
      (socket) => {
        welcome(socket);
        socket.on('ping', () => {
          pings += 1;
          if (pings === 1) socket.send(JSON.stringify({ type: 'caught_up', seq: 0 }));
        });
      },
      { autoPong: false },
    );
    let heard: () => void = () => {};
    const frame = new Promise<void>((resolve) => (heard = resolve));
    const { connection, clock, until } = connect(server.url, { caughtUp: () => heard() });
    connection.start();
    await until((s) => s.status === 'online');
    clock.advance(20_000); // the first ping goes out
    await frame;
    clock.advance(10_000); // the first ping's deadline passes: the frame was its answer
    expect(connection.state.status).toBe('online');
    clock.advance(10_000); // 20 s after the frame: the second ping
    clock.advance(9_999);
    expect(connection.state.status).toBe('online');
    clock.advance(1); // nothing heard within 10 s of it
    expect(connection.state).toMatchObject({
      status: 'offline',
      reason: 'no answer to ping (half-open connection)',
    });
  });

  it('reconnects at once (no backoff) when the server closes with 1012, and backs off if that fails too', async () => {
    const server = await scriptedServer((socket, _hello, index) => {
      if (index === 0) {
        welcome(socket);
        socket.close(1012, 'server restarting: reconnect');
      } else if (index === 1) socket.close(1012, 'server restarting: reconnect');
      else welcome(socket);
    });
    const { connection, clock, states, until } = connect(server.url);
    connection.start();
    // The manual clock never moves here: the second hello can only come from a reconnect without delay.
    const offline = await until((s) => s.status === 'offline');
    expect(server.hellos).toHaveLength(2);
    expect(states.map((s) => s.status)).toEqual(['connecting', 'online', 'connecting', 'offline']);
    // The immediate reconnect met 1012 again (a node still going down): the usual backoff now.
    expect(retryDelay(offline, clock)).toBe(500); // 0.5 · min(cap, 500 · 2^1)
    clock.advance(500);
    await until((s) => s.status === 'online');
    expect(server.hellos).toHaveLength(3);
  });

  it('resumes at once when the sync layer asks, and backs off while it keeps asking', async () => {
    const server = await scriptedServer((socket) => welcome(socket));
    const { connection, clock, until } = connect(server.url, { resume: 7 });
    connection.start();
    await until((s) => s.status === 'online');
    // The manual clock stands still: a second hello can only come from a reconnect without delay.
    connection.resume('events 8-8 never arrived');
    await until((s) => s.status === 'online');
    expect(server.hellos.map((h) => h.resumeFromSeq)).toEqual([7, 7]);
    // Again within the minute: a server that keeps sending gaps is not reconnected to in a tight loop.
    connection.resume('events 9-9 never arrived');
    const offline = await until((s) => s.status === 'offline');
    expect(retryDelay(offline, clock)).toBe(500); // 0.5 · min(cap, 500 · 2^1)
    clock.advance(500);
    await until((s) => s.status === 'online');
    expect(server.hellos).toHaveLength(3);
    // Once the streak has lapsed (here 1 s, before any heartbeat is due) a gap is news again: at once.
    clock.advance(1_000);
    connection.resume('events 10-10 never arrived');
    await until((s) => s.status === 'online');
    expect(server.hellos).toHaveLength(4);
  });

  it('backs off exponentially with jitter while the server keeps closing, and resets after a welcome', async () => {
    const server = await scriptedServer((socket, _hello, index) => {
      if (index < 3) socket.close(1011, 'boom');
      else welcome(socket);
    });
    const { connection, clock, until } = connect(server.url);
    connection.start();
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      const offline = await until((s) => s.status === 'offline');
      const delay = retryDelay(offline, clock);
      delays.push(delay);
      clock.advance(delay);
      await until((s) => s.status !== 'offline');
    }
    expect(delays).toEqual([250, 500, 1_000]);
    await until((s) => s.status === 'online');
    expect(server.hellos).toHaveLength(4);
  });

  it('refreshes the token on close 4002 and reconnects with the new one', async () => {
    const server = await scriptedServer((socket, hello) => {
      if (hello.token === 'token-1') {
        socket.send(JSON.stringify({ type: 'error', error: { code: 'TOKEN_EXPIRED', message: 'expired' } }));
        socket.close(CLOSE_CODES.tokenExpired, 'expired');
      } else welcome(socket);
    });
    const { connection, until } = connect(server.url);
    connection.start();
    await until((s) => s.status === 'online');
    expect(server.hellos.map((h) => h.token)).toEqual(['token-1', 'token-2']);
  });

  it('signs out when the session is revoked and the refresh token is rejected', async () => {
    const server = await scriptedServer((socket) => socket.close(CLOSE_CODES.sessionRevoked, 'revoked'));
    const { connection, until } = connect(server.url, { refresh: async () => 'invalid' });
    connection.start();
    await until((s) => s.status === 'signed_out');
    expect(connection.state).toEqual({ status: 'signed_out', reason: 'session_ended' });
    expect(server.hellos).toHaveLength(1);
  });

  it('times requests out, and refuses them while offline', async () => {
    const server = await scriptedServer((socket) => welcome(socket));
    const { connection, clock, until } = connect(server.url);
    await expect(connection.request('me.get', {})).rejects.toMatchObject({ code: 'SIGNED_OUT' });
    connection.start();
    await until((s) => s.status === 'online');
    const pending = connection.request('me.get', {});
    clock.advance(5_000);
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('TIMEOUT');
  });
});

describe('why the connection is offline (the banner tells these apart)', () => {
  const offline = (state: ConnectionState) => (state.status === 'offline' ? state : null);

  it('nobody listening at the address: unreachable', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const { connection, until } = connect(`http://127.0.0.1:${port}`);
    connection.start();
    const state = offline(await until((s) => s.status === 'offline'));
    expect(state?.cause).toBe('unreachable');
    expect(state?.reason).toMatch(/ECONNREFUSED/);
  });

  it('a web server that is not a messaging server (HTTP 404 to the upgrade): refused', async () => {
    const web = createServer((_req, res) => res.writeHead(404).end());
    web.on('upgrade', (_req, socket) => socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n'));
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
    try {
      const { connection, until } = connect(`http://127.0.0.1:${(web.address() as AddressInfo).port}`);
      connection.start();
      const state = offline(await until((s) => s.status === 'offline'));
      expect(state?.cause).toBe('refused');
      expect(state?.reason).toMatch(/HTTP 404/);
    } finally {
      web.closeAllConnections();
      await new Promise<void>((resolve) => web.close(() => resolve()));
    }
  });

  it('a server that speaks another protocol version, or closes with "try again later": refused', async () => {
    const old = await scriptedServer((socket) => welcome(socket, PROTOCOL_VERSION + 1));
    const a = connect(old.url);
    a.connection.start();
    expect(offline(await a.until((s) => s.status === 'offline'))?.cause).toBe('refused');

    const busy = await scriptedServer((socket) => socket.close(1013, 'too many connections'));
    const b = connect(busy.url);
    b.connection.start();
    expect(offline(await b.until((s) => s.status === 'offline'))?.cause).toBe('refused');
  });

  it('a server that goes away (restart, crash): unreachable; the OS saying the network is gone: network', async () => {
    const server = await scriptedServer((socket, _hello, index) => {
      if (index === 0) welcome(socket);
      else socket.close(1001, 'going away');
    });
    const { connection, until } = connect(server.url);
    connection.start();
    await until((s) => s.status === 'online');
    for (const client of server.wss.clients) client.close(1001, 'going away');
    expect(offline(await until((s) => s.status === 'offline'))?.cause).toBe('unreachable');
    connection.networkLost();
    expect(offline(connection.state)?.cause).toBe('network');
    connection.online();
    expect(connection.state.status).toBe('connecting');
  });

  it('ignores frames outside the protocol, and says so', async () => {
    const server = await scriptedServer((socket) => {
      socket.send('not json');
      socket.send(JSON.stringify({ type: 'nonsense' }));
      welcome(socket);
    });
    const { connection, until, malformed, failures } = connect(server.url);
    connection.start();
    await until((s) => s.status === 'online');
    expect(malformed).toEqual([
      'a frame that is not JSON',
      expect.stringMatching(/^a frame outside the protocol/),
    ]);
    expect(failures).toEqual([]);
  });
});
