import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { LIMITS } from '../../src-shared/limits.ts';
import { CLOSE_CODES } from '../../src-shared/protocol.ts';
import type { ServerFrame } from '../../src-shared/protocol.ts';
import { RequestPipeline } from './request-pipeline.ts';

export type ConnectionState = 'awaiting_hello' | 'authenticating' | 'ready' | 'closed';

/** One client socket and where it stands in the user's event stream. */
export class Connection {
  readonly id: string;
  readonly socket: WebSocket;
  /** The client's address key (see http/client-address.ts). */
  readonly address: string;
  /** The TCP stream under `socket`, corked while a tick's frames are written (see `sendText`). */
  private readonly stream: Duplex;
  private corked = false;
  state: ConnectionState = 'awaiting_hello';
  userId = '';
  sessionId = '';
  /** The last event seq sent on this socket. */
  cursor = 0;
  /** Replay or catch-up in progress; live events only mark the connection dirty meanwhile. */
  pumping = false;
  dirty = false;
  alive = true;
  /** This socket's requests in flight, and which waits for which (request-pipeline.ts). */
  readonly requests = new RequestPipeline(LIMITS.requestsInFlightPerSocket, (error) => this.onFault(error));
  /** Called once when the socket is closed for reading too slowly (for logs and counters). */
  onSlowConsumer: () => void = () => {};
  /** Called with a fault in our own code while serving a request (logged, and the socket closed). */
  onFault: (error: unknown) => void = () => {};

  constructor(id: string, socket: WebSocket, stream: Duplex, address: string) {
    this.id = id;
    this.socket = socket;
    this.stream = stream;
    this.address = address;
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
    this.onSlowConsumer();
  }
}

/** The text of an event frame, built around the event's JSON as stored in the log. */
export function eventFrameText(seq: number, payload: string): string {
  return `{"type":"event","seq":${seq},"event":${payload}}`;
}
