import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { FaultProxy } from '../support/fault-proxy.ts';

/**
 * The fault proxy against a real `ws` echo server and real `ws` clients on loopback. Every wait is on an
 * event (open, message, close, the proxy's link/held/cut events), never on a timer.
 */
interface World {
  wss: WebSocketServer;
  proxy: FaultProxy;
  /** Every socket the server accepted, in order. */
  accepted: WebSocket[];
  /** Every text frame the server received. */
  received: string[];
}

const worlds: World[] = [];
const clients: WebSocket[] = [];

async function world(): Promise<World> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(wss, 'listening');
  const accepted: WebSocket[] = [];
  const received: string[] = [];
  wss.on('connection', (socket) => {
    accepted.push(socket);
    socket.on('error', (error) => received.push(`error: ${error.message}`));
    socket.on('message', (data) => {
      const text = String(data);
      received.push(text);
      if (text.startsWith('big:')) socket.send('x'.repeat(Number(text.slice(4))));
      else socket.send(`echo ${text}`);
    });
  });
  const proxy = await FaultProxy.start({ target: { port: (wss.address() as AddressInfo).port } });
  const made = { wss, proxy, accepted, received };
  worlds.push(made);
  return made;
}

function client(proxy: FaultProxy): WebSocket {
  const socket = new WebSocket(`ws://127.0.0.1:${proxy.port}/`);
  // A reset surfaces as an error and then 'close' (code 1006), which is what the tests wait on.
  socket.on('error', () => undefined);
  clients.push(socket);
  return socket;
}

async function opened(proxy: FaultProxy): Promise<WebSocket> {
  const socket = client(proxy);
  await once(socket, 'open');
  return socket;
}

function nextMessage(socket: WebSocket): Promise<string> {
  return once(socket, 'message').then(([data]) => String(data));
}

function closed(socket: WebSocket): Promise<number> {
  if (socket.readyState === WebSocket.CLOSED) return Promise.resolve(1006);
  // Not events.once: it rejects on the 'error' that a reset emits before 'close'.
  return new Promise((resolve) => socket.once('close', (code) => resolve(code)));
}

afterEach(async () => {
  for (const socket of clients.splice(0)) socket.terminate();
  for (const { proxy, wss } of worlds.splice(0)) {
    await proxy.close();
    for (const socket of wss.clients) socket.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  }
});

describe('FaultProxy', () => {
  it('forwards both ways, and a clean close reaches the other side as a clean close', async () => {
    const { proxy, accepted } = await world();
    const socket = await opened(proxy);
    const reply = nextMessage(socket);
    socket.send('hello');
    expect(await reply).toBe('echo hello');
    const serverSide = accepted[0];
    if (!serverSide) throw new Error('no server socket');
    const serverClosed = once(serverSide, 'close');
    socket.close(1000, 'bye');
    expect(await closed(socket)).toBe(1000);
    expect(((await serverClosed) as [number])[0]).toBe(1000);
    expect(proxy.stats.accepted).toBe(1);
  });

  it('adds latency to every chunk and keeps their order', async () => {
    const { proxy } = await world();
    const socket = await opened(proxy);
    proxy.setLatency(60, 20);
    const replies: string[] = [];
    const all = new Promise<void>((resolve) =>
      socket.on('message', (data) => {
        replies.push(String(data));
        if (replies.length === 20) resolve();
      }),
    );
    const started = performance.now();
    for (let i = 0; i < 20; i++) socket.send(String(i));
    await all;
    // Up and down each wait 60 ms: the round trip cannot be much shorter than 120 ms (timers may fire a
    // millisecond or two early, hence the margin).
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
    expect(replies).toEqual(Array.from({ length: 20 }, (_, i) => `echo ${i}`));
  });

  it('keeps order when jitter exceeds the gap between chunks and when latency is switched off mid-stream', async () => {
    const { proxy } = await world();
    const socket = await opened(proxy);
    const replies: string[] = [];
    const all = new Promise<void>((resolve) =>
      socket.on('message', (data) => {
        replies.push(String(data));
        if (replies.length === 2000) resolve();
      }),
    );
    // Each message is its own chunk; a burst, then the latency toggled, twenty times over.
    for (let round = 0; round < 20; round++) {
      proxy.setLatency(round % 2 === 0 ? 1 : 0, round % 2 === 0 ? 4 : 0);
      for (let i = 0; i < 100; i++) socket.send(String(round * 100 + i));
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    proxy.setLatency(0);
    await all;
    expect(replies).toEqual(Array.from({ length: 2000 }, (_, i) => `echo ${i}`));
  });

  it('resets every connection on both sides, and accepts new ones afterwards', async () => {
    const { proxy, accepted } = await world();
    const [a, b] = await Promise.all([opened(proxy), opened(proxy)]);
    if (!a || !b) throw new Error('setup');
    const serverClosed = accepted.map((s) => once(s, 'close'));
    expect(proxy.reset()).toBe(2);
    expect(await closed(a)).toBe(1006);
    expect(await closed(b)).toBe(1006);
    for (const [code] of (await Promise.all(serverClosed)) as [number][]) expect(code).toBe(1006);
    expect(proxy.linkCount).toBe(0);
    const again = await opened(proxy);
    const reply = nextMessage(again);
    again.send('after');
    expect(await reply).toBe('echo after');
  });

  it('holds every byte during a black hole and delivers them, in order, when it heals', async () => {
    const { proxy, received } = await world();
    const socket = await opened(proxy);
    proxy.blackhole();
    const held = once(proxy, 'held');
    socket.send('during');
    await held;
    expect(received).toEqual([]);
    // A new connection is accepted by the proxy but never answered while the partition lasts.
    const late = client(proxy);
    await once(proxy, 'link');
    expect(late.readyState).toBe(WebSocket.CONNECTING);
    const reply = nextMessage(socket);
    const lateOpen = once(late, 'open');
    proxy.heal();
    expect(await reply).toBe('echo during');
    await lateOpen;
    expect(received).toEqual(['during']);
  });

  it('hides a side that gives up during a black hole until heal, then resets its peer', async () => {
    const { proxy, accepted } = await world();
    const socket = await opened(proxy);
    const serverSide = accepted[0];
    if (!serverSide) throw new Error('no server socket');
    const serverClosed = once(serverSide, 'close');
    proxy.blackhole();
    const gone = once(proxy, 'gone');
    socket.terminate(); // the client's heartbeat gave up on the half-open connection
    await closed(socket);
    await gone;
    // The proxy saw the client leave but the server's socket stays open (half-open), as it would behind a
    // real partition...
    expect(serverSide.readyState).toBe(WebSocket.OPEN);
    expect(proxy.linkCount).toBe(1);
    // ...until the network heals and the proxy resets what no longer has a peer.
    proxy.heal();
    expect(((await serverClosed) as [number])[0]).toBe(1006);
    expect(proxy.linkCount).toBe(0);
  });

  it('cuts a server-to-client frame in its middle and resets both sides', async () => {
    const { proxy, accepted } = await world();
    const socket = await opened(proxy);
    const serverSide = accepted[0];
    if (!serverSide) throw new Error('no server socket');
    const serverClosed = once(serverSide, 'close');
    let got = false;
    socket.on('message', () => {
      got = true;
    });
    const cut = proxy.cutMidFrame('down');
    socket.send('big:100000');
    await cut;
    expect(await closed(socket)).toBe(1006);
    expect(((await serverClosed) as [number])[0]).toBe(1006);
    expect(got).toBe(false); // the partial frame never became a message
    expect(proxy.stats.cuts).toBe(1);
  });

  it('cuts a client-to-server frame in its middle: the server never sees the message', async () => {
    const { proxy, accepted, received } = await world();
    const socket = await opened(proxy);
    const serverSide = accepted[0];
    if (!serverSide) throw new Error('no server socket');
    const serverClosed = once(serverSide, 'close');
    const cut = proxy.cutMidFrame('up');
    socket.send('y'.repeat(50_000));
    await cut;
    expect(((await serverClosed) as [number])[0]).toBe(1006);
    expect(await closed(socket)).toBe(1006);
    expect(received).toEqual([]);
  });

  it('leaves out the text frames a filter picks on new connections, and forwards the rest whole', async () => {
    const { proxy, received } = await world();
    const before = await opened(proxy);
    proxy.filterFrames('down', (text) => text === 'echo lost');
    const socket = await opened(proxy);
    const got: string[] = [];
    const all = new Promise<void>((resolve) =>
      socket.on('message', (data) => {
        const text = String(data);
        got.push(text.length > 20 ? `${text.length} bytes` : text);
        if (text === 'echo last') resolve();
      }),
    );
    const dropped = once(proxy, 'dropped');
    // 70,000 bytes: a frame with a 64-bit length, read in many chunks.
    for (const text of ['first', 'lost', 'big:70000', 'big:300', 'last']) socket.send(text);
    await all;
    expect(got).toEqual(['echo first', '70000 bytes', '300 bytes', 'echo last']);
    expect(await dropped).toEqual(['down', 'echo lost']);
    expect(proxy.stats.framesDropped).toBe(1);
    expect(received).toEqual(['first', 'lost', 'big:70000', 'big:300', 'last']);
    // The connection made before the filter is untouched.
    const reply = nextMessage(before);
    before.send('lost');
    expect(await reply).toBe('echo lost');
    proxy.stopFiltering('down');
    const after = await opened(proxy);
    const again = nextMessage(after);
    after.send('lost');
    expect(await again).toBe('echo lost');
  });

  it('passes a plain HTTP answer through a filtered direction untouched', async () => {
    const { proxy } = await world();
    proxy.filterFrames('down', () => true);
    // The ws server answers a plain GET with 426 and a body: not a WebSocket, so nothing is framed.
    const response = await fetch(`${proxy.url}/`);
    expect(response.status).toBe(426);
    expect(await response.text()).toBe('Upgrade Required');
    expect(proxy.stats.framesDropped).toBe(0);
  });

  it('resets the client when the server is down, and connects again once it is back', async () => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await once(wss, 'listening');
    const port = (wss.address() as AddressInfo).port;
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    const proxy = await FaultProxy.start({ target: { port } });
    try {
      const refused = client(proxy);
      expect(await closed(refused)).toBe(1006);
      expect(proxy.stats.refused).toBe(1);
      const back = new WebSocketServer({ host: '127.0.0.1', port });
      await once(back, 'listening');
      back.on('connection', (s) => s.on('message', (d) => s.send(`echo ${String(d)}`)));
      try {
        const socket = await opened(proxy);
        const reply = nextMessage(socket);
        socket.send('up again');
        expect(await reply).toBe('echo up again');
      } finally {
        for (const s of back.clients) s.terminate();
        await new Promise<void>((resolve) => back.close(() => resolve()));
      }
    } finally {
      await proxy.close();
    }
  });
});
