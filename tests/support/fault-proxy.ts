import { EventEmitter } from 'node:events';
import { createServer, connect } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { WsFrameSplitter } from './ws-frame-splitter.ts';
import { WsFrameTracker } from './ws-frame-tracker.ts';

/**
 * A TCP proxy for fault injection, with Node `net` only. Put it between a client and a server on loopback
 * and, from the test:
 *
 * - `setLatency(ms, jitterMs)`: delay every chunk in both directions (order is kept);
 * - `reset()`: reset every connection (RST on both sides, as a dropped NAT entry would);
 * - `blackhole()` / `heal()`: stop every byte both ways, and accept new connections without answering, as a
 *   network partition does. Nothing is lost or closed while it lasts (the proxy holds what it reads, as
 *   the kernels' buffers would): a side that gave up meanwhile gets its peer reset on `heal()`, the rest
 *   flows on;
 * - `cutMidFrame(direction)`: the next chunk in that direction is forwarded only up to a point strictly
 *   inside a WebSocket frame, then both sides are reset;
 * - `filterFrames(direction, drop)`: on connections accepted from then on, that direction is forwarded
 *   in whole WebSocket frames, and the text frames `drop` picks are not forwarded at all (a frame lost
 *   by a buggy server or middlebox, with the connection itself intact). `stopFiltering` ends it for new
 *   connections.
 *
 * Every socket has an error handler: a reset or refused connection ends that link only.
 */
export interface FaultProxyTarget {
  host?: string;
  port: number;
}

export interface FaultProxyOptions {
  /** Where to forward; a function is read at each new connection. */
  target: FaultProxyTarget | (() => FaultProxyTarget);
  /** Source address of upstream connections, e.g. 127.0.0.3 to look like another client machine. */
  localAddress?: string;
}

export type Direction = 'up' | 'down';

export interface FaultProxyStats {
  accepted: number;
  /** Upstream connections that could not be made (server down): the client's socket was reset. */
  refused: number;
  resets: number;
  cuts: number;
  /** Text frames left out by `filterFrames`. */
  framesDropped: number;
  bytesUp: number;
  bytesDown: number;
}

interface Leg {
  socket: Socket;
  tracker: WsFrameTracker;
  /** Chunks from this side held while black-holed or while the other side connects. */
  held: Buffer[];
  ended: boolean;
  /** The socket closed (or was destroyed). */
  gone: boolean;
  /** It closed with an error (reset, refused). */
  failed: boolean;
  /** A cut was made in this side's stream: the link is going, and nothing after the cut is forwarded. */
  cut: boolean;
  /** Set on a leg made while `filterFrames` was on for its direction: what it reads, in whole frames. */
  splitter: WsFrameSplitter | null;
  dropFrame: ((text: string) => boolean) | null;
  /** Chunks from this side on their way to the other, in order, each due at a time (latency). */
  outgoing: { dueAt: number; chunk: Buffer | 'end'; then: (() => void) | undefined }[];
  timer: NodeJS.Timeout | null;
}

interface Link {
  client: Leg;
  upstream: Leg | null;
  dead: boolean;
}

export class FaultProxy extends EventEmitter<{
  link: [number];
  unlink: [number];
  cut: [Direction];
  held: [Direction, number];
  /** A text frame left out by `filterFrames`. */
  dropped: [Direction, string];
  /** A side closed during a black hole; its peer learns of it on heal. */
  gone: ['client' | 'upstream'];
  /** The listening socket failed (the proxy's own server, not a link). */
  error: [Error];
}> {
  readonly #server: Server;
  readonly #options: FaultProxyOptions;
  readonly #links = new Set<Link>();
  #latencyMs = 0;
  #jitterMs = 0;
  #blackholed = false;
  readonly #cutsArmed: Record<Direction, (() => void)[]> = { up: [], down: [] };
  readonly #frameFilters: Record<Direction, ((text: string) => boolean) | null> = { up: null, down: null };
  readonly stats: FaultProxyStats = {
    accepted: 0,
    refused: 0,
    resets: 0,
    cuts: 0,
    framesDropped: 0,
    bytesUp: 0,
    bytesDown: 0,
  };

  private constructor(server: Server, options: FaultProxyOptions) {
    super();
    this.#server = server;
    this.#options = options;
    server.on('connection', (socket) => this.#accept(socket));
  }

  static async start(options: FaultProxyOptions, listenHost = '127.0.0.1'): Promise<FaultProxy> {
    const server = createServer({ pauseOnConnect: true, noDelay: true });
    const proxy = new FaultProxy(server, options);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, listenHost, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (error) => proxy.emit('error', error));
    return proxy;
  }

  get port(): number {
    return (this.#server.address() as AddressInfo).port;
  }

  /** `http://127.0.0.1:<port>`: what a client uses instead of the server's own address. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get linkCount(): number {
    return this.#links.size;
  }

  get blackholed(): boolean {
    return this.#blackholed;
  }

  setLatency(ms: number, jitterMs = 0): void {
    this.#latencyMs = Math.max(0, ms);
    this.#jitterMs = Math.max(0, jitterMs);
  }

  /** Resets every open connection; returns how many. */
  reset(): number {
    const links = [...this.#links];
    for (const link of links) this.#kill(link);
    this.stats.resets += links.length;
    return links.length;
  }

  blackhole(): void {
    this.#blackholed = true;
  }

  heal(): void {
    if (!this.#blackholed) return;
    this.#blackholed = false;
    for (const link of [...this.#links]) {
      if (link.client.gone || link.upstream?.gone) {
        this.#kill(link);
        continue;
      }
      if (link.upstream === null) {
        this.#connectUpstream(link);
        continue;
      }
      this.#flush(link, link.client, link.upstream);
      this.#flush(link, link.upstream, link.client);
    }
  }

  /** Arms a one-shot cut of the next chunk in `direction`; resolves once the cut has happened. */
  cutMidFrame(direction: Direction): Promise<void> {
    return new Promise((resolve) => this.#cutsArmed[direction].push(resolve));
  }

  /**
   * From now on, new connections carry `direction` in whole frames and leave out every text frame for
   * which `drop` returns true (connections already open are not affected: reset them to apply it).
   */
  filterFrames(direction: Direction, drop: (text: string) => boolean): void {
    this.#frameFilters[direction] = drop;
  }

  /** New connections are forwarded byte for byte again in `direction`. */
  stopFiltering(direction: Direction): void {
    this.#frameFilters[direction] = null;
  }

  /** Stops listening and resets every connection. */
  async close(): Promise<void> {
    this.reset();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  // ───────────── links ─────────────

  #accept(socket: Socket): void {
    this.stats.accepted += 1;
    const link: Link = { client: leg(socket, this.#frameFilters.up), upstream: null, dead: false };
    this.#links.add(link);
    this.emit('link', this.#links.size);
    socket.on('error', () => {
      link.client.failed = true;
    });
    socket.on('close', () => this.#closed(link, link.client));
    socket.on('data', (chunk: Buffer) => this.#onData(link, link.client, 'up', chunk));
    socket.on('end', () => this.#onEnd(link, link.client));
    // Until the upstream connects (now, or on heal) the client's bytes wait in the kernel.
    if (!this.#blackholed) this.#connectUpstream(link);
  }

  #connectUpstream(link: Link): void {
    const target = typeof this.#options.target === 'function' ? this.#options.target() : this.#options.target;
    const socket = connect({
      host: target.host ?? '127.0.0.1',
      port: target.port,
      noDelay: true,
      ...(this.#options.localAddress ? { localAddress: this.#options.localAddress } : {}),
    });
    const upstream = leg(socket, this.#frameFilters.down);
    link.upstream = upstream;
    let connected = false;
    socket.on('connect', () => {
      connected = true;
      if (link.dead) {
        socket.destroy();
        return;
      }
      link.client.socket.resume();
    });
    socket.on('error', () => {
      if (!connected) this.stats.refused += 1;
      upstream.failed = true;
    });
    socket.on('close', () => this.#closed(link, upstream));
    socket.on('data', (chunk: Buffer) => this.#onData(link, upstream, 'down', chunk));
    socket.on('end', () => this.#onEnd(link, upstream));
  }

  #onData(link: Link, from: Leg, direction: Direction, chunk: Buffer): void {
    if (link.dead || from.cut) return; // after a cut nothing more from this side may pass
    if (direction === 'up') this.stats.bytesUp += chunk.length;
    else this.stats.bytesDown += chunk.length;
    if (from.splitter === null) {
      this.#pass(link, from, direction, chunk);
      return;
    }
    for (const unit of from.splitter.push(chunk)) {
      if (unit.text !== null && from.dropFrame?.(unit.text)) {
        this.stats.framesDropped += 1;
        this.emit('dropped', direction, unit.text);
        continue;
      }
      this.#pass(link, from, direction, unit.bytes);
      if (link.dead || from.cut) return;
    }
  }

  /** Forwards (or holds, or cuts) bytes read from `from`. */
  #pass(link: Link, from: Leg, direction: Direction, chunk: Buffer): void {
    const to = direction === 'up' ? link.upstream : link.client;
    if (this.#blackholed || to === null) {
      from.tracker.feed(chunk);
      from.held.push(chunk);
      this.emit('held', direction, chunk.length);
      return;
    }
    const armed = this.#cutsArmed[direction];
    if (armed.length > 0) {
      const cutAt = from.tracker.feed(chunk, true);
      if (cutAt !== null) {
        const resolvers = armed.splice(0);
        this.stats.cuts += 1;
        from.cut = true;
        this.#deliver(from, to, chunk.subarray(0, cutAt), () => {
          this.#kill(link);
          this.emit('cut', direction);
          for (const resolve of resolvers) resolve();
        });
        return;
      }
    } else {
      from.tracker.feed(chunk);
    }
    this.#deliver(from, to, chunk);
  }

  /**
   * Queues `chunk` for `to`, due after the latency (if any); `then` runs once it is written. One FIFO per
   * leg and one timer for its head: a chunk never overtakes an earlier one, whatever the jitter or the
   * timer clock's lag behind Date.now.
   */
  #deliver(from: Leg, to: Leg, chunk: Buffer | 'end', then?: () => void): void {
    const delay =
      this.#latencyMs + this.#jitterMs > 0
        ? this.#latencyMs + Math.floor(Math.random() * (this.#jitterMs + 1))
        : 0;
    from.outgoing.push({ dueAt: Date.now() + delay, chunk, then });
    this.#drain(from, to);
  }

  #drain(from: Leg, to: Leg): void {
    if (from.timer !== null) return; // the head's timer drains the rest
    for (;;) {
      const head = from.outgoing[0];
      if (!head) return;
      const wait = head.dueAt - Date.now();
      if (wait > 0) {
        from.timer = setTimeout(() => {
          from.timer = null;
          this.#drain(from, to);
        }, wait);
        return;
      }
      from.outgoing.shift();
      this.#write(from, to, head.chunk, head.then);
    }
  }

  #write(from: Leg, to: Leg, chunk: Buffer | 'end', then?: () => void): void {
    if (to.gone || chunk === 'end' || chunk.length === 0) {
      if (chunk === 'end' && !to.gone) to.socket.end();
      then?.();
      return;
    }
    const flushed = to.socket.write(chunk, () => then?.());
    if (!flushed) {
      from.socket.pause();
      to.socket.once('drain', () => {
        if (!from.gone) from.socket.resume();
      });
    }
  }

  /** Sends what was held during a black hole (already counted and tracked when it arrived). */
  #flush(link: Link, from: Leg, to: Leg): void {
    for (const chunk of from.held.splice(0)) if (!link.dead) this.#deliver(from, to, chunk);
    if (from.ended && !link.dead) this.#deliver(from, to, 'end');
  }

  #onEnd(link: Link, from: Leg): void {
    from.ended = true;
    const to = from === link.client ? link.upstream : link.client;
    if (this.#blackholed || to === null) return; // passed on at heal
    this.#deliver(from, to, 'end');
  }

  /**
   * One side's socket closed. After a reset or error the other side is reset too; after a clean close it
   * has been ended (see #onEnd) and the link goes once both are closed. During a black hole the other side
   * must not learn of it until heal.
   */
  #closed(link: Link, side: Leg): void {
    side.gone = true;
    if (this.#blackholed) {
      this.emit('gone', side === link.client ? 'client' : 'upstream');
      return;
    }
    const other = side === link.client ? link.upstream : link.client;
    if (side.failed || !side.ended || other === null || other.gone) this.#kill(link);
  }

  #kill(link: Link): void {
    if (!link.dead) {
      link.dead = true;
      this.#links.delete(link);
      this.emit('unlink', this.#links.size);
    }
    for (const side of [link.client, link.upstream]) {
      if (!side) continue;
      if (side.timer !== null) clearTimeout(side.timer);
      side.timer = null;
      side.outgoing = [];
      if (side.socket.destroyed) continue;
      side.gone = true;
      // RST when the socket is connected; a socket still connecting is simply destroyed.
      if (side.socket.readyState === 'open') side.socket.resetAndDestroy();
      else side.socket.destroy();
    }
  }
}

function leg(socket: Socket, dropFrame: ((text: string) => boolean) | null): Leg {
  return {
    socket,
    tracker: new WsFrameTracker(),
    splitter: dropFrame ? new WsFrameSplitter() : null,
    dropFrame,
    held: [],
    ended: false,
    gone: false,
    failed: false,
    cut: false,
    outgoing: [],
    timer: null,
  };
}
