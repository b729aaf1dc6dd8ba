import WebSocket from 'ws';
import { CLOSE_CODES, PROTOCOL_VERSION } from '../../../src-shared/protocol.ts';
import type { ConnectionState } from '../../../src-shared/ipc.ts';
import { assertNever } from '../../../src-shared/errors.ts';
import type { Timer } from '../clock.ts';
import { AppError } from '../../../src-shared/errors.ts';
import { backoffDelay } from './backoff.ts';
import { describeFailure, offlineCause, socketFailure } from './offline-cause.ts';
import type { ConnectFailure } from './offline-cause.ts';
import { Heartbeat } from './heartbeat.ts';
import { PendingRequests } from './pending-requests.ts';
import { parseServerFrame } from './server-frame.ts';
import type { RequestApi } from './pending-requests.ts';
import type { RefreshOutcome } from './session.ts';
import { DEFAULT_TIMINGS } from './connection-options.ts';
import type { ConnectionOptions, ConnectionTimings } from './connection-options.ts';

const AUTH_CLOSE_CODES: ReadonlySet<number> = new Set([
  CLOSE_CODES.unauthenticated,
  CLOSE_CODES.sessionRevoked,
]);

/**
 * The one WebSocket to the server. Authenticates with `hello`, correlates requests with responses,
 * watches liveness with ws pings, and reconnects with capped exponential backoff and full jitter. It knows
 * nothing about what the frames mean: sync, outbox and the rest get them through `handlers`.
 */
export class Connection implements RequestApi {
  readonly #options: ConnectionOptions;
  readonly #timings: ConnectionTimings;
  readonly #pending: PendingRequests;
  #state: ConnectionState = { status: 'signed_out' };
  #socket: WebSocket | null = null;
  #attempt = 0;
  #retryTimer: Timer | null = null;
  #welcomeTimer: Timer | null = null;
  readonly #heartbeat: Heartbeat;
  /** Set when the server said the token expired (error frame, close 4002 or a TOKEN_EXPIRED response). */
  #tokenExpired = false;
  #authFailed = false;
  #refreshedSinceWelcome = false;
  #running = false;
  /** What the current socket ran into, for the offline cause (cleared at each connect). */
  #failure: ConnectFailure | null = null;
  /** The OS said the network is down (and has not said it is back). */
  #networkDown = false;
  /** Resumes in a row, each within `resumeStreakMs` of the one before (0: the last was the first). */
  #resumeStreak = 0;
  #lastResumeAt: number | null = null;

  constructor(options: ConnectionOptions) {
    this.#options = options;
    this.#timings = { ...DEFAULT_TIMINGS, ...options.timings };
    this.#pending = new PendingRequests(options.clock, this.#timings.requestTimeoutMs, (frame) =>
      this.#send(frame),
    );
    this.#heartbeat = new Heartbeat(options.clock, this.#timings, {
      ping: () => {
        const socket = this.#socket;
        if (!socket || socket.readyState !== WebSocket.OPEN) return false;
        socket.ping();
        return true;
      },
      silent: () => this.#abort('no answer to ping (half-open connection)', { kind: 'silent' }),
    });
  }

  get state(): ConnectionState {
    return this.#state;
  }

  get isOnline(): boolean {
    return this.#state.status === 'online';
  }

  /** Starts connecting (after sign-in, or at start with a stored session). */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#attempt = 0;
    this.#connect();
  }

  /** Closes the socket and stays signed out until `start` is called again. */
  stop(): void {
    this.#running = false;
    this.#cancelRetry();
    this.#dropSocket(CLOSE_CODES.normal, 'signed out');
    this.#pending.rejectAll(new AppError('SIGNED_OUT', 'Signed out.'));
    this.#setState({ status: 'signed_out', reason: 'signed_out' });
  }

  /** The OS says the network is back: skip the wait and connect now. */
  online(): void {
    this.#networkDown = false;
    if (!this.#running) return;
    if (this.#state.status === 'offline') {
      this.#attempt = 0;
      this.#cancelRetry();
      this.#connect();
    }
  }

  /**
   * The OS says the network is gone: the banner says so (cause `network`), and an "online" socket is
   * probed at once, since it is probably dead without knowing it.
   */
  networkLost(): void {
    this.#networkDown = true;
    if (!this.#running) return;
    if (this.#state.status === 'online') this.#heartbeat.probe();
    else if (this.#state.status === 'offline') this.#setState({ ...this.#state, cause: 'network' });
  }

  /**
   * The machine woke from sleep: an "online" socket may be dead without knowing it, so probe it now with a
   * ping (dropped if no pong in time); an offline one reconnects at once.
   */
  resumed(): void {
    if (!this.#running) return;
    if (this.#state.status === 'online') this.#heartbeat.probe();
    else this.online();
  }

  /**
   * Drops the socket and connects again, resuming from the last applied seq: the sync layer saw a gap in
   * the event stream. It reconnects at once (as for a server restart), unless the last resume was less
   * than `resumeStreakMs` ago (a minute): then it waits as a reconnect after that many failures would.
   */
  resume(reason: string): void {
    if (!this.#running || !this.#terminate(reason)) return;
    const now = this.#options.clock.now();
    const inStreak = this.#lastResumeAt !== null && now - this.#lastResumeAt < this.#timings.resumeStreakMs;
    this.#resumeStreak = inStreak ? this.#resumeStreak + 1 : 0;
    this.#lastResumeAt = now;
    if (this.#resumeStreak === 0 && this.#attempt === 0) {
      this.#attempt = 1;
      this.#connect();
      return;
    }
    this.#attempt = Math.max(this.#attempt, this.#resumeStreak);
    this.#scheduleRetry(reason, { kind: 'silent' });
  }

  /** Marks the connection caught up (the sync layer decides when). */
  setCaughtUp(caughtUp: boolean): void {
    if (this.#state.status === 'online' && this.#state.caughtUp !== caughtUp)
      this.#setState({ status: 'online', caughtUp });
  }

  request: RequestApi['request'] = (op, params, options) => {
    if (this.#state.status !== 'online') {
      return Promise.reject(
        new AppError(
          this.#running ? 'OFFLINE' : 'SIGNED_OUT',
          this.#running ? 'Not connected to the server.' : 'Not signed in.',
        ),
      );
    }
    return this.#pending.request(op, params, options);
  };

  // ───────────── socket lifecycle ─────────────

  #connect(): void {
    const token = this.#options.tokens.accessToken;
    if (token === null) {
      this.#signedOut();
      return;
    }
    this.#failure = null;
    this.#setState({ status: 'connecting', attempt: this.#attempt });
    this.#tokenExpired = false;
    this.#authFailed = false;
    const wsUrl = this.#options.server.wsUrl;
    const socket = this.#options.createSocket ? this.#options.createSocket(wsUrl) : new WebSocket(wsUrl);
    this.#socket = socket;
    const resumeFromSeq = this.#options.resumeFromSeq();
    socket.on('open', () => {
      if (this.#socket !== socket) return;
      const hello = {
        type: 'hello',
        token,
        resumeFromSeq,
        ...(this.#options.clientInfo ? { client: this.#options.clientInfo } : {}),
      };
      socket.send(JSON.stringify(hello));
    });
    socket.on('message', (data, isBinary) => {
      if (this.#socket !== socket || isBinary) return;
      this.#heartbeat.frame();
      this.#onFrame(String(data), resumeFromSeq);
    });
    socket.on('pong', () => {
      if (this.#socket !== socket) return;
      this.#heartbeat.heard();
    });
    socket.on('error', (error: Error & { code?: string }) => {
      if (this.#socket !== socket) return;
      // 'close' follows every 'error'; the reconnect decision is made there, with what this says.
      this.#failure = socketFailure(error);
    });
    socket.on('close', (code) => {
      if (this.#socket !== socket) return;
      this.#onClosed(code);
    });
    this.#welcomeTimer = this.#options.clock.after(this.#timings.welcomeTimeoutMs, () => {
      if (this.#socket === socket) this.#abort('no welcome from the server', { kind: 'silent' });
    });
  }

  #onFrame(text: string, resumedFrom: number | null): void {
    const handlers = this.#options.handlers;
    const parsed = parseServerFrame(text);
    if (!parsed.ok) {
      handlers.malformed(parsed.problem);
      return;
    }
    const { frame } = parsed;
    switch (frame.type) {
      case 'welcome':
        this.#welcomeTimer?.cancel();
        this.#welcomeTimer = null;
        this.#attempt = 0;
        this.#refreshedSinceWelcome = false;
        if (frame.protocol !== PROTOCOL_VERSION) {
          this.#abort(`server speaks protocol ${frame.protocol}, this app ${PROTOCOL_VERSION}`, {
            kind: 'incompatible',
          });
          return;
        }
        this.#setState({ status: 'online', caughtUp: false });
        this.#heartbeat.start();
        handlers.welcome(frame, resumedFrom);
        return;
      case 'response':
        if (frame.error?.code === 'TOKEN_EXPIRED') {
          this.#tokenExpired = true;
          this.#pending.settle(frame);
          this.#abort('access token expired', { kind: 'closed', code: CLOSE_CODES.tokenExpired });
          return;
        }
        this.#pending.settle(frame);
        return;
      case 'event':
        handlers.event(frame.seq, frame.event);
        return;
      case 'ephemeral':
        handlers.ephemeral(frame.event);
        return;
      case 'caught_up':
        handlers.caughtUp(frame.seq);
        return;
      case 'resync_required':
        handlers.resyncRequired(frame.latestSeq);
        return;
      case 'error':
        if (frame.error.code === 'TOKEN_EXPIRED') this.#tokenExpired = true;
        if (frame.error.code === 'UNAUTHENTICATED') this.#authFailed = true;
        return;
      default:
        assertNever(frame, 'server frame');
    }
  }

  #onClosed(code: number): void {
    this.#clearSocketTimers();
    this.#socket = null;
    this.#pending.rejectAll(new AppError('DISCONNECTED', 'The connection to the server dropped.'));
    if (!this.#running) return;
    const expired = this.#tokenExpired || code === CLOSE_CODES.tokenExpired;
    const rejected = this.#authFailed || AUTH_CLOSE_CODES.has(code);
    if ((expired || rejected) && !this.#refreshedSinceWelcome) {
      this.#refreshTokens();
      return;
    }
    if (rejected) {
      this.#signedOut();
      return;
    }
    if (code === CLOSE_CODES.serviceRestart && this.#attempt === 0) {
      // The server is restarting (a rolling restart, docs/deploy.md): the load balancer hands a new socket
      // to another node, so reconnect now, without the backoff wait. Only once in a row: should that
      // attempt fail too (a single node, still down), the usual backoff follows.
      this.#attempt = 1;
      this.#connect();
      return;
    }
    const failure = this.#failure ?? { kind: 'closed', code };
    this.#scheduleRetry(expired ? 'session expired' : describeFailure(failure), failure);
  }

  #refreshTokens(): void {
    this.#refreshedSinceWelcome = true;
    this.#setState({ status: 'connecting', attempt: this.#attempt });
    this.#options.background(
      'token refresh',
      this.#options.tokens.refresh().then((outcome) => this.#afterRefresh(outcome)),
    );
  }

  #afterRefresh(outcome: RefreshOutcome): void {
    if (!this.#running) return;
    switch (outcome) {
      case 'ok':
        this.#connect();
        return;
      case 'invalid':
        this.#signedOut();
        return;
      case 'unreachable':
        this.#refreshedSinceWelcome = false;
        this.#scheduleRetry('cannot refresh the session', { kind: 'silent' });
        return;
      default:
        assertNever(outcome, 'refresh outcome');
    }
  }

  /** The server ended the session (or there is none to connect with). */
  #signedOut(): void {
    this.#running = false;
    this.#cancelRetry();
    this.#setState({ status: 'signed_out', reason: 'session_ended' });
    this.#options.handlers.signedOut();
  }

  #scheduleRetry(reason: string, failure: ConnectFailure): void {
    this.#cancelRetry();
    const delay = backoffDelay(this.#attempt, this.#timings.backoff, this.#options.random);
    this.#attempt += 1;
    const clock = this.#options.clock;
    this.#setState({
      status: 'offline',
      nextRetryAt: clock.now() + delay,
      attempt: this.#attempt,
      reason,
      cause: offlineCause(failure, this.#networkDown),
    });
    this.#retryTimer = clock.after(delay, () => {
      this.#retryTimer = null;
      if (this.#running) this.#connect();
    });
  }

  #cancelRetry(): void {
    this.#retryTimer?.cancel();
    this.#retryTimer = null;
  }

  /** Drops the socket at once (no closing handshake: it may be half-open) and schedules the reconnect. */
  #abort(reason: string, failure: ConnectFailure): void {
    if (!this.#terminate(reason) || !this.#running) return;
    if (this.#tokenExpired && !this.#refreshedSinceWelcome) {
      this.#refreshTokens();
      return;
    }
    this.#scheduleRetry(reason, failure);
  }

  /** Drops the socket at once and fails the requests waiting on it; false when there was none. */
  #terminate(reason: string): boolean {
    const socket = this.#socket;
    if (!socket) return false;
    this.#clearSocketTimers();
    this.#socket = null;
    socket.terminate();
    this.#pending.rejectAll(new AppError('DISCONNECTED', `The connection to the server dropped: ${reason}.`));
    return true;
  }

  #dropSocket(code: number, reason: string): void {
    const socket = this.#socket;
    this.#clearSocketTimers();
    this.#socket = null;
    if (socket && socket.readyState === WebSocket.OPEN) socket.close(code, reason);
    else socket?.terminate();
  }

  #clearSocketTimers(): void {
    this.#welcomeTimer?.cancel();
    this.#welcomeTimer = null;
    this.#heartbeat.stop();
  }

  #send(frame: unknown): boolean {
    const socket = this.#socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return false;
    socket.send(JSON.stringify(frame));
    return true;
  }

  #setState(state: ConnectionState): void {
    this.#state = state;
    this.#options.handlers.state(state);
  }
}
