import type { WebSocket } from 'ws';
import { LIMITS } from '../../src-shared/limits.ts';
import type { Connection } from './connection.ts';
import { ExpiryQueue } from './expiry-queue.ts';

/**
 * The open sockets of one node, and the two clocks each is held to: a hello within `helloTimeoutMs` of
 * opening, and an answer to every heartbeat ping. Each clock is one timer for all sockets (the hello
 * deadlines a queue in opening order, the heartbeat one sweep per interval), not a Timeout per socket.
 */
export class OpenConnections {
  private readonly bySocket = new Map<WebSocket, Connection>();
  private readonly awaitingHello: ExpiryQueue<Connection>;
  private readonly heartbeat: NodeJS.Timeout;

  /** `onHelloTimeout`: a socket that has not said hello in time (the gateway closes it with 4008). */
  constructor(heartbeatIntervalMs: number, onHelloTimeout: (connection: Connection) => void) {
    this.awaitingHello = new ExpiryQueue(LIMITS.helloTimeoutMs, onHelloTimeout);
    this.heartbeat = setInterval(() => this.sweep(), heartbeatIntervalMs);
    this.heartbeat.unref();
  }

  get size(): number {
    return this.bySocket.size;
  }

  values(): IterableIterator<Connection> {
    return this.bySocket.values();
  }

  of(socket: WebSocket): Connection | undefined {
    return this.bySocket.get(socket);
  }

  /** A socket just opened: its hello deadline starts now. */
  add(connection: Connection): void {
    this.bySocket.set(connection.socket, connection);
    this.awaitingHello.add(connection);
  }

  /** The socket said hello: it is no longer held to the hello deadline. */
  saidHello(connection: Connection): void {
    this.awaitingHello.delete(connection);
  }

  /** The socket closed: forgets it, and returns its connection. */
  remove(socket: WebSocket): Connection | undefined {
    const connection = this.bySocket.get(socket);
    if (!connection) return undefined;
    this.bySocket.delete(socket);
    this.awaitingHello.delete(connection);
    return connection;
  }

  /** Stops both clocks (shutdown). */
  stop(): void {
    clearInterval(this.heartbeat);
    this.awaitingHello.clear();
  }

  /** Drops every socket that did not answer the last ping (a dead peer, a vanished NAT entry), pings the rest. */
  private sweep(): void {
    for (const connection of this.bySocket.values()) {
      if (!connection.alive) {
        connection.socket.terminate();
        continue;
      }
      connection.alive = false;
      connection.socket.ping();
    }
  }
}
