import type { WebSocket } from 'ws';
import type { ServerFrame } from '../../src-shared/protocol.ts';

export type ConnectionState = 'awaiting_hello' | 'authenticating' | 'ready' | 'closed';

/** One client socket and where it stands in the user's event stream. */
export class Connection {
  readonly id: string;
  readonly socket: WebSocket;
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

  constructor(id: string, socket: WebSocket) {
    this.id = id;
    this.socket = socket;
  }

  send(frame: ServerFrame): void {
    if (this.state === 'closed' || this.socket.readyState !== this.socket.OPEN) return;
    this.socket.send(JSON.stringify(frame));
  }

  close(code: number, reason: string): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.socket.close(code, reason.slice(0, 120));
  }
}
