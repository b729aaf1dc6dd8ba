import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { LIMITS } from '../../src-shared/limits.ts';
import { CLOSE_CODES } from '../../src-shared/protocol.ts';
import type { ServerFrame } from '../../src-shared/protocol.ts';
import type { ConnectionSlot } from '../limits/connection-counter.ts';
import { RequestPipeline } from './request-pipeline.ts';
import type { RequestKind, RequestRun } from './request-pipeline.ts';

export type ConnectionState = 'awaiting_hello' | 'authenticating' | 'ready' | 'closed';

/**
 * What a connection reports to whoever runs it (the gateway). One object shared by every connection, not
 * a pair of closures per socket: an idle node holds tens of thousands of them.
 */
export interface ConnectionEvents {
  /** A fault in our own code while serving one of the connection's requests (logged, the socket closed). */
  fault(connection: Connection, error: unknown): void;
  /** Called once when the socket is closed for reading too slowly (for logs and counters). */
  slowConsumer(connection: Connection): void;
}

/**
 * One client socket and where it stands in the user's event stream. An idle socket holds only these
 * fields: per-request state (the pipeline) is made at its first request, timers live in the gateway.
 */
export class Connection {
  readonly id: string;
  readonly socket: WebSocket;
  /** The client's address key (see http/client-address.ts). */
  readonly address: string;
  /** The TCP stream under `socket`, corked while a tick's frames are written (see `sendText`). */
  private readonly stream: Duplex;
  private readonly events: ConnectionEvents;
  private corked = false;
  state: ConnectionState = 'awaiting_hello';
  userId = '';
  sessionId = '';
  /** The last event seq sent on this socket. */
  cursor = 0;
  /** Replay or catch-up in progress; live events only mark the connection dirty meanwhile. */
  pumping = false;
  dirty = false;
  /** Answered the last heartbeat ping (the gateway's sweep clears it and pings again). */
  alive = true;
  /**
   * The connection-count place the socket holds: its address's while unauthenticated, then its user's;
   * released when the socket closes.
   */
  slot: ConnectionSlot | null = null;
  /** This socket's requests in flight, and which waits for which; made at the first request. */
  private pipeline: RequestPipeline | undefined;

  constructor(id: string, socket: WebSocket, stream: Duplex, address: string, events: ConnectionEvents) {
    this.id = id;
    this.socket = socket;
    this.stream = stream;
    this.address = address;
    this.events = events;
  }

  /**
   * Queues a request behind the ones it must wait for (request-pipeline.ts); false, and nothing queued,
   * when `requestsInFlightPerSocket` requests are already in flight.
   */
  submit(kind: RequestKind, run: RequestRun): boolean {
    this.pipeline ??= new RequestPipeline(LIMITS.requestsInFlightPerSocket, (error) =>
      this.events.fault(this, error),
    );
    return this.pipeline.submit(kind, run);
  }

  /** Resolves once every request submitted so far has finished (graceful shutdown waits for it). */
  idle(): Promise<void> {
    return this.pipeline?.idle() ?? Promise.resolve();
  }

  /** A method rather than a state check, so TypeScript does not carry a narrowed state across an await. */
  isClosed(): boolean {
    return this.state === 'closed';
  }

  send(frame: ServerFrame): void {
    this.sendText(JSON.stringify(frame));
  }

  /** An event frame from the event's stored JSON: no second serialisation, and the same text for every socket. */
  sendEvent(frameText: string): void {
    this.sendText(frameText);
  }

  /**
   * Whether a live event may be written now. Above the high-water mark it may not: the event stays in the
   * log, and the replay (which waits for the client to read, see `waitForRoom`) sends it later, so a slow
   * reader falls behind instead of making the server hold its backlog in memory.
   */
  hasRoom(): boolean {
    return this.socket.bufferedAmount <= LIMITS.socketBufferHighWaterBytes;
  }

  /**
   * Resolves true once the client has read enough that the queue is below the high-water mark; false if the
   * socket closed, or the client did not read for `slowConsumerTimeoutMs` (the socket is then closed 4009).
   */
  async waitForRoom(): Promise<boolean> {
    if (this.state === 'closed') return false;
    if (this.hasRoom()) return true;
    const drained = await new Promise<boolean>((resolve) => {
      const done = (value: boolean) => {
        clearTimeout(timer);
        this.stream.off('drain', onDrain);
        this.socket.off('close', onClose);
        resolve(value);
      };
      const onDrain = () => done(true);
      const onClose = () => done(false);
      const timer = setTimeout(() => done(false), LIMITS.slowConsumerTimeoutMs);
      this.stream.on('drain', onDrain);
      this.socket.on('close', onClose);
    });
    if (!drained) {
      if (!this.isClosed()) this.closeSlowConsumer();
      return false;
    }
    return !this.isClosed();
  }

  /**
   * Each frame stays its own WebSocket message, but the frames written in one tick (a group commit's events
   * for this socket, then its responses) leave in one `writev` instead of one each: the stream is corked at
   * the first and uncorked once the tick's microtasks have run.
   *
   * A write that finds more than `socketBufferMaxBytes` still queued closes the socket instead: a client that
   * does not read can hold at most that much (plus one frame) of the server's memory.
   */
  private sendText(text: string): void {
    if (this.state === 'closed' || this.socket.readyState !== this.socket.OPEN) return;
    if (this.socket.bufferedAmount > LIMITS.socketBufferMaxBytes) {
      this.closeSlowConsumer();
      return;
    }
    if (!this.corked) {
      this.corked = true;
      this.stream.cork();
      process.nextTick(() => {
        this.corked = false;
        this.stream.uncork();
      });
    }
    this.socket.send(text);
  }

  close(code: number, reason: string): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.socket.close(code, reason.slice(0, 120));
  }

  /**
   * Closes with 4009 (the client resumes from its last seq when it reconnects). The close frame waits
   * behind what is queued; a client that still does not read is cut off after a short grace, which frees
   * the queue.
   */
  private closeSlowConsumer(): void {
    if (this.state === 'closed') return;
    this.close(CLOSE_CODES.slowConsumer, 'reading too slowly; reconnect and resume');
    setTimeout(() => this.socket.terminate(), LIMITS.slowConsumerGraceMs).unref();
    this.events.slowConsumer(this);
  }
}

/** The text of an event frame, built around the event's JSON as stored in the log. */
export function eventFrameText(seq: number, payload: string): string {
  return `{"type":"event","seq":${seq},"event":${payload}}`;
}
