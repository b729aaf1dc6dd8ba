import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { RawData, WebSocket } from 'ws';
import { AppError } from '../../src-shared/errors.ts';
import { LIMITS } from '../../src-shared/limits.ts';
import { CLOSE_CODES, PROTOCOL_VERSION, WS_PATH } from '../../src-shared/protocol.ts';
import type { HelloFrame, RequestFrame } from '../../src-shared/protocol.ts';
import type { ServerContext } from '../context.ts';
import { latestSeq, oldestKeptSeq } from '../events/event-log.ts';
import type { Accounts } from '../features/accounts/accounts.ts';
import type { ClientAddresses } from '../http/client-address.ts';
import { newId } from '../ids.ts';
import type { ConnectionSlot } from '../limits/connection-counter.ts';
import { Admission, refuseUpgrade } from './admission.ts';
import { parseClientFrame } from './client-frame.ts';
import type { Admitted, AdmissionLimits } from './admission.ts';
import { Connection } from './connection.ts';
import type { ConnectionEvents } from './connection.ts';
import type { Dispatcher } from './dispatcher.ts';
import { allWritesDurable } from '../store/durability.ts';
import { Fanout } from './fanout.ts';
import { OpenConnections } from './open-connections.ts';
import { requestKind } from './request-pipeline.ts';

/** The listeners every socket gets: the same four functions for all, each finds its connection by `this`. */
interface SocketListeners {
  pong(this: WebSocket): void;
  message(this: WebSocket, data: RawData, isBinary: boolean): void;
  error(this: WebSocket, error: Error): void;
  close(this: WebSocket): void;
}

/**
 * The WebSocket side: admits each socket within the per-address and per-user caps, authenticates it with
 * its first frame, replays missed events, forwards live ones (through `Fanout`, fanout.ts), and hands
 * requests to the dispatcher.
 */
export class Gateway {
  private readonly ctx: ServerContext;
  private readonly accounts: Accounts;
  private readonly dispatcher: Dispatcher;
  private readonly wss: WebSocketServer;
  private readonly fanout: Fanout;
  /** Every open socket on this node, signed in or not, with its hello deadline and heartbeat. */
  private readonly connections: OpenConnections;
  private readonly admission: Admission;
  private readonly socketListeners: SocketListeners;
  private readonly connectionEvents: ConnectionEvents;
  /** Until ws puts its own error listener on an upgrading socket, a reset must not crash the process. */
  private readonly onUpgradeError = (error: Error): void =>
    this.ctx.log.debug({ err: error }, 'socket error during upgrade');
  private readonly unsubscribe: () => void;
  /** Set by `drain` (SIGTERM): no new requests or sessions, only those already started finish. */
  private draining = false;

  constructor(
    ctx: ServerContext,
    accounts: Accounts,
    dispatcher: Dispatcher,
    limits: AdmissionLimits,
    addresses: ClientAddresses,
  ) {
    this.ctx = ctx;
    this.accounts = accounts;
    this.dispatcher = dispatcher;
    this.admission = new Admission(limits, addresses);
    // clientTracking off: `connections` tracks the sockets; ws's own set would add a listener per socket.
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: LIMITS.frameMaxBytes,
      clientTracking: false,
    });
    this.fanout = new Fanout(ctx, (connection, error, during) => this.broken(connection, error, during));
    this.unsubscribe = ctx.bus.subscribe({
      onEvents: (events) => this.fanout.onEvents(events),
      onEphemeral: (userIds, event) => this.fanout.onEphemeral(userIds, event),
      onSessionRevoked: (sessionId) => this.closeSession(sessionId),
      onCatchUp: (userIds) => this.fanout.catchUp(userIds),
    });
    this.connections = new OpenConnections(ctx.config.heartbeatIntervalMs, (connection) =>
      this.fail(
        connection,
        new AppError('UNAUTHENTICATED', 'No hello within the time limit.'),
        CLOSE_CODES.helloTimeout,
      ),
    );
    this.socketListeners = this.createSocketListeners();
    this.connectionEvents = {
      fault: (connection, error) => this.broken(connection, error, 'request'),
      slowConsumer: (connection) =>
        this.ctx.log.warn(
          { connectionId: connection.id, userId: connection.userId, address: connection.address },
          'closed a socket that stopped reading (over the per-socket buffer cap)',
        ),
    };
    // Through the bus, so the session's sockets on every node close (this node's included).
    accounts.onSessionRevoked = (sessionId) => ctx.bus.publishSessionRevoked(sessionId);
  }

  /** Open sockets on this node, signed in or not (metrics). */
  get connectionCount(): number {
    return this.connections.size;
  }

  /** Users with a socket on this node (metrics). */
  get userCount(): number {
    return this.fanout.userCount;
  }

  /** Never throws: every refusal is an HTTP answer on the socket, every failure is logged. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    // Node takes its own error listener off an upgraded socket; until ws adds one, a reset must not crash us.
    socket.on('error', this.onUpgradeError);
    this.upgrade(req, socket, head).catch((error: unknown) => {
      this.ctx.log.error({ err: error }, 'upgrade failed');
      refuseUpgrade(socket, 500, 'INTERNAL', 'Something went wrong on the server.');
    });
  }

  private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const path = (req.url ?? '').split('?')[0];
    if (path !== WS_PATH) {
      refuseUpgrade(socket, 404, 'NOT_FOUND', `No WebSocket at ${path}.`);
      return;
    }
    const admitted = await this.admission.atUpgrade(req, socket);
    if (!admitted) return;
    let accepted = false;
    try {
      // `socket` is the stream ws writes to; the connection corks it to batch a tick's frames.
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        this.accept(ws, socket, admitted);
        accepted = true; // from now on the connection releases the slot when it closes
      });
    } finally {
      // ws accepts at once, or refuses (a bad handshake: it answers and ends the socket). Only a refused
      // socket gets a listener for this: adding one to every socket and taking it off at the accept
      // left each socket's 'close' listener array with room for 20, for the socket's life.
      if (!accepted) this.releaseWith(socket, admitted.slot);
    }
  }

  private releaseWith(socket: Duplex, slot: ConnectionSlot): void {
    if (socket.destroyed) slot.release();
    else socket.once('close', () => slot.release());
  }

  /**
   * Graceful shutdown: new hellos and requests are refused, the requests already being handled finish
   * (their commits and acks), at most `timeoutMs`; then every socket is closed with 1012 so its client
   * reconnects at once, to another node.
   */
  async drain(timeoutMs: number): Promise<void> {
    this.draining = true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([Promise.allSettled([...this.connections.values()].map((c) => c.idle())), timeout]);
    clearTimeout(timer);
    for (const connection of this.connections.values()) {
      connection.close(CLOSE_CODES.serviceRestart, 'server restarting: reconnect');
    }
  }

  async close(): Promise<void> {
    this.connections.stop();
    this.unsubscribe();
    for (const connection of this.connections.values()) {
      connection.close(CLOSE_CODES.goingAway, 'server shutting down');
    }
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  /**
   * The socket is open. What it costs while idle is the connection object and a few entries in shared
   * structures: its listeners are shared functions, its hello deadline a place in one queue, its heartbeat
   * a flag read by one sweep (docs/bench.md, "Idle connections").
   */
  private accept(socket: WebSocket, stream: Duplex, admitted: Admitted): void {
    // ws listens for the stream's errors from here on.
    stream.off('error', this.onUpgradeError);
    const connection = new Connection(newId(), socket, stream, admitted.address, this.connectionEvents);
    connection.slot = admitted.slot;
    this.connections.add(connection);
    const listeners = this.socketListeners;
    socket.on('pong', listeners.pong);
    socket.on('message', listeners.message);
    socket.on('error', listeners.error);
    socket.on('close', listeners.close);
  }

  private createSocketListeners(): SocketListeners {
    const connectionOf = (socket: WebSocket) => this.connections.of(socket);
    const onMessage = (connection: Connection, data: RawData, isBinary: boolean) => {
      if (isBinary) {
        this.fail(
          connection,
          new AppError('BAD_REQUEST', 'Frames are JSON text; binary frames are not accepted.'),
          CLOSE_CODES.unsupportedData,
        );
        return;
      }
      this.onFrame(connection, data.toString());
    };
    const onError = (connection: Connection | undefined, error: Error) =>
      // ws reports an oversized frame (1009) or invalid UTF-8 (1007) as an error and closes the socket
      // with that code itself; only this socket is affected.
      this.ctx.log.debug({ err: error, connectionId: connection?.id }, 'socket error');
    const onClose = (socket: WebSocket) => {
      const connection = this.connections.remove(socket);
      if (!connection) return;
      connection.state = 'closed';
      connection.slot?.release();
      connection.slot = null;
      this.fanout.leave(connection);
    };
    // `function`, not arrows: ws calls each with the socket as `this`.
    return {
      pong() {
        const connection = connectionOf(this);
        if (connection) connection.alive = true;
      },
      message(data, isBinary) {
        const connection = connectionOf(this);
        if (connection) onMessage(connection, data, isBinary);
      },
      error(error) {
        onError(connectionOf(this), error);
      },
      close() {
        onClose(this);
      },
    };
  }

  private onFrame(connection: Connection, text: string): void {
    // Closing (e.g. a slow reader): frames still in flight would only be answered into the void.
    if (connection.isClosed()) return;
    const parsed = parseClientFrame(text);
    if (!parsed.ok) {
      connection.send(parsed.answer);
      return;
    }
    const { frame } = parsed;
    switch (frame.type) {
      case 'hello':
        if (this.draining) {
          connection.close(CLOSE_CODES.serviceRestart, 'server restarting: reconnect');
          return;
        }
        if (connection.state !== 'awaiting_hello') {
          connection.send({ type: 'error', error: { code: 'BAD_REQUEST', message: 'Already said hello.' } });
          return;
        }
        connection.state = 'authenticating';
        this.connections.saidHello(connection);
        this.hello(connection, frame).catch((error: unknown) => this.broken(connection, error, 'hello'));
        return;
      case 'request':
        // Draining: the socket closes (1012) once the requests already started are done; the client
        // sends this one again on its next connection (sends are idempotent by client id).
        if (this.draining) return;
        if (connection.state !== 'ready') {
          this.fail(
            connection,
            new AppError('UNAUTHENTICATED', 'Send hello before any request.'),
            CLOSE_CODES.unauthenticated,
          );
          return;
        }
        if (
          !connection.submit(requestKind(frame.op), (started) => this.request(connection, frame, started))
        ) {
          connection.send({
            type: 'response',
            id: frame.id,
            ok: false,
            error: {
              code: 'TOO_MANY_IN_FLIGHT',
              message: `At most ${LIMITS.requestsInFlightPerSocket} requests may wait for an answer on one socket; send more as answers arrive.`,
            },
          });
        }
        return;
    }
  }

  private async request(connection: Connection, frame: RequestFrame, started: () => void): Promise<void> {
    const caller = {
      userId: connection.userId,
      sessionId: connection.sessionId,
      connectionId: connection.id,
    };
    const outcome = await this.dispatcher.dispatch(caller, frame, started);
    if (outcome.ok) connection.send({ type: 'response', id: frame.id, ok: true, result: outcome.result });
    else connection.send({ type: 'response', id: frame.id, ok: false, error: outcome.error });
  }

  private async hello(connection: Connection, frame: HelloFrame): Promise<void> {
    let auth;
    try {
      auth = await this.accounts.authenticate(frame.token);
    } catch (error) {
      const appError = error instanceof AppError ? error : new AppError('UNAUTHENTICATED', 'Not signed in.');
      const code = appError.code === 'TOKEN_EXPIRED' ? CLOSE_CODES.tokenExpired : CLOSE_CODES.unauthenticated;
      this.fail(connection, appError, code);
      return;
    }
    if (connection.state === 'closed') return;
    connection.userId = auth.userId;
    connection.sessionId = auth.sessionId;
    // Signed in: the socket moves from its address's unauthenticated count to its user's count.
    const userSlot = await this.admission.forUser(auth.userId);
    connection.slot?.release();
    connection.slot = null;
    if (connection.isClosed()) {
      userSlot?.release();
      return;
    }
    if (!userSlot) {
      this.fail(connection, this.admission.userRefusal(), CLOSE_CODES.tooManyConnections);
      return;
    }
    connection.slot = userSlot;
    // Join the user's fan-out before reading the log, so no event can fall between the read and going live.
    this.fanout.join(connection);

    const { db, durability } = this.ctx;
    const latest = await latestSeq(db, auth.userId);
    const me = await this.accounts.me(auth.userId);
    // The seq and profile read may be of commits still being synced: shown once they are on disk.
    await allWritesDurable(durability);
    if (connection.isClosed()) return;
    connection.send({
      type: 'welcome',
      me,
      sessionId: auth.sessionId,
      serverTime: Date.now(),
      latestSeq: latest,
      protocol: PROTOCOL_VERSION,
    });

    const from = frame.resumeFromSeq;
    let resync = false;
    if (from === null) {
      connection.cursor = latest;
    } else if (from > latest) {
      resync = true; // a seq this server never issued: the client's state belongs to another database
    } else if (from < latest) {
      const oldest = await oldestKeptSeq(db, auth.userId);
      resync = oldest === null || from + 1 < oldest;
    }
    if (resync) {
      connection.cursor = latest;
      connection.send({ type: 'resync_required', latestSeq: latest });
    } else if (from !== null) {
      connection.cursor = from;
    }
    connection.state = 'ready';
    await this.fanout.pump(connection);
    connection.send({ type: 'caught_up', seq: connection.cursor });
  }

  /**
   * A fault in our own code or store while serving this socket (not the client's doing): logged, and the
   * socket closed with 1011 so the client reconnects and resumes from its last seq. Nothing else is affected.
   */
  private broken(connection: Connection, error: unknown, during: string): void {
    this.ctx.log.error(
      { err: error, connectionId: connection.id, userId: connection.userId, during },
      'socket failed',
    );
    connection.close(CLOSE_CODES.serverError, 'server error; reconnect');
  }

  private closeSession(sessionId: string): void {
    for (const connection of this.connections.values()) {
      if (connection.sessionId === sessionId) {
        this.fail(connection, new AppError('UNAUTHENTICATED', 'Signed out.'), CLOSE_CODES.sessionRevoked);
      }
    }
  }

  private fail(connection: Connection, error: AppError, closeCode: number): void {
    if (connection.state === 'closed') return;
    connection.send({ type: 'error', error: error.toBody() });
    connection.close(closeCode, error.message);
  }
}
