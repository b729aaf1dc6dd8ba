import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { ServerFrame } from '../../src-shared/protocol.ts';

export type ConnectionState = 'awaiting_hello' | 'authenticating' | 'ready' | 'closed';

/** One client socket and where it stands in the user's event stream. */
export class Connection {
  readonly id: string;
  readonly socket: WebSocket;
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
  /** Requests are handled one at a time per socket, so a client's sends are stored in the order it sent them. */
  queue: Promise<void> = Promise.resolve();

  constructor(id: string, socket: WebSocket, stream: Duplex) {
    this.id = id;
    this.socket = socket;
    this.stream = stream;
  }

  send(frame: ServerFrame): void {
    this.sendText(JSON.stringify(frame));
  }

  /** An event frame from the event's stored JSON: no second serialisation, and the same text for every socket. */
  sendEvent(frameText: string): void {
    this.sendText(frameText);
  }

  /**
   * Each frame stays its own WebSocket message, but the frames written in one tick (a group commit's events
   * for this socket, then its responses) leave in one `writev` instead of one each: the stream is corked at
   * the first and uncorked once the tick's microtasks have run.
   */
  private sendText(text: string): void {
    if (this.state === 'closed' || this.socket.readyState !== this.socket.OPEN) return;
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
}

/** The text of an event frame, built around the event's JSON as stored in the log. */
export function eventFrameText(seq: number, payload: string): string {
  return `{"type":"event","seq":${seq},"event":${payload}}`;
}
