import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { RawData, WebSocket } from 'ws';
import { AppError } from '../../src-shared/errors.ts';
import { LIMITS } from '../../src-shared/limits.ts';
import { CLOSE_CODES, PROTOCOL_VERSION, WS_PATH, clientFrameSchema } from '../../src-shared/protocol.ts';
import type { HelloFrame, RequestFrame } from '../../src-shared/protocol.ts';
import type { ServerContext } from '../context.ts';
import { latestSeq, oldestKeptSeq } from '../events/event-log.ts';
import type { Accounts } from '../features/accounts/accounts.ts';
import type { ClientAddresses } from '../http/client-address.ts';
import { newId } from '../ids.ts';
import type { ConnectionSlot } from '../limits/connection-counter.ts';
import { Admission, refuseUpgrade } from './admission.ts';
import type { Admitted, AdmissionLimits } from './admission.ts';
import { Connection } from './connection.ts';
import type { Dispatcher } from './dispatcher.ts';
import { Fanout } from './fanout.ts';
import { requestKind } from './request-pipeline.ts';

const HEARTBEAT_INTERVAL_MS = 30_000;

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
  private readonly all = new Set<Connection>();
  /** The connection-count place each socket holds: its address's while unauthenticated, then its user's. */
  private readonly slots = new Map<Connection, ConnectionSlot>();
  private readonly admission: Admission;
  private readonly heartbeat: NodeJS.Timeout;
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
    this.wss = new WebSocketServer({ noServer: true, maxPayload: LIMITS.frameMaxBytes });
    this.fanout = new Fanout(ctx, (connection, error, during) => this.broken(connection, error, during));
    this.unsubscribe = ctx.bus.subscribe({
      onEvents: (events) => this.fanout.onEvents(events),
      onEphemeral: (userIds, event) => this.fanout.onEphemeral(userIds, event),
      onSessionRevoked: (sessionId) => this.closeSession(sessionId),
      onCatchUp: (userIds) => this.fanout.catchUp(userIds),
    });
    this.heartbeat = setInterval(() => this.checkHeartbeats(), HEARTBEAT_INTERVAL_MS);
    this.heartbeat.unref();
    // Through the bus, so the session's sockets on every node close (this node's included).
    accounts.onSessionRevoked = (sessionId) => ctx.bus.publishSessionRevoked(sessionId);
  }

  /** Open sockets on this node, signed in or not (metrics). */
  get connectionCount(): number {
    return this.all.size;
  }

  /** Users with a socket on this node (metrics). */
  get userCount(): number {
    return this.fanout.userCount;
  }

  /** Never throws: every refusal is an HTTP answer on the socket, every failure is logged. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    // Node takes its own error listener off an upgraded socket; until ws adds one, a reset must not crash us.
    socket.on('error', (error) => this.ctx.log.debug({ err: error }, 'socket error during upgrade'));
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
    // `socket` is the stream ws writes to; the connection corks it to batch a tick's frames.
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, socket, admitted));
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
    await Promise.race([Promise.allSettled([...this.all].map((c) => c.requests.idle())), timeout]);
    clearTimeout(timer);
    for (const connection of this.all) {
      connection.close(CLOSE_CODES.serviceRestart, 'server restarting: reconnect');
    }
  }

  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    this.unsubscribe();
    for (const connection of this.all) connection.close(CLOSE_CODES.goingAway, 'server shutting down');
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private accept(socket: WebSocket, stream: Duplex, admitted: Admitted): void {
    const { address } = admitted;
    const connection = new Connection(newId(), socket, stream, address);
    this.all.add(connection);
    this.slots.set(connection, admitted.slot);
    connection.onFault = (error) => this.broken(connection, error, 'request');
    connection.onSlowConsumer = () =>
      this.ctx.log.warn(
        { connectionId: connection.id, userId: connection.userId, address },
        'closed a socket that stopped reading (over the per-socket buffer cap)',
      );
    const helloTimer = setTimeout(() => {
      if (connection.state === 'awaiting_hello') {
        this.fail(
          connection,
          new AppError('UNAUTHENTICATED', 'No hello within the time limit.'),
          CLOSE_CODES.helloTimeout,
        );
      }
    }, LIMITS.helloTimeoutMs);
    socket.on('pong', () => {
      connection.alive = true;
    });
    socket.on('message', (data: RawData, isBinary: boolean) => {
      if (isBinary) {
        this.fail(
          connection,
          new AppError('BAD_REQUEST', 'Frames are JSON text; binary frames are not accepted.'),
          CLOSE_CODES.unsupportedData,
        );
        return;
      }
      this.onFrame(connection, data.toString());
    });
    socket.on('error', (error) => {
      // ws reports an oversized frame (1009) or invalid UTF-8 (1007) as an error and closes the socket
      // with that code itself; only this socket is affected.
      this.ctx.log.debug({ err: error, connectionId: connection.id }, 'socket error');
    });
    socket.on('close', () => {
      clearTimeout(helloTimer);
      connection.state = 'closed';
      this.all.delete(connection);
      this.slots.get(connection)?.release();
      this.slots.delete(connection);
      this.fanout.leave(connection);
    });
  }

  private onFrame(connection: Connection, text: string): void {
    // Closing (e.g. a slow reader): frames still in flight would only be answered into the void.
    if (connection.isClosed()) return;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      connection.send({
        type: 'error',
        error: { code: 'BAD_REQUEST', message: 'The frame is not valid JSON.' },
      });
      return;
    }
    const parsed = clientFrameSchema.safeParse(json);
    if (!parsed.success) {
      const id = typeof (json as { id?: unknown })?.id === 'string' ? (json as { id: string }).id : null;
      const error = { code: 'BAD_REQUEST' as const, message: 'The frame does not match the protocol.' };
      if (id) connection.send({ type: 'response', id, ok: false, error });
      else connection.send({ type: 'error', error });
      return;
    }
    const frame = parsed.data;
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
          !connection.requests.submit(requestKind(frame.op), (started) =>
            this.request(connection, frame, started),
          )
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
    this.slots.get(connection)?.release();
    if (connection.isClosed()) {
      userSlot?.release();
      return;
    }
    if (!userSlot) {
      this.fail(connection, this.admission.userRefusal(), CLOSE_CODES.tooManyConnections);
      return;
    }
    this.slots.set(connection, userSlot);
    // Join the user's fan-out before reading the log, so no event can fall between the read and going live.
    this.fanout.join(connection);

    const { db } = this.ctx;
    const latest = await latestSeq(db, auth.userId);
    const me = await this.accounts.me(auth.userId);
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
    for (const connection of this.all) {
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

  private checkHeartbeats(): void {
    for (const connection of this.all) {
      if (!connection.alive) {
        connection.socket.terminate();
        continue;
      }
      connection.alive = false;
      connection.socket.ping();
    }
  }
}
