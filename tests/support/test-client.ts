import type { Duplex } from 'node:stream';
import WebSocket from 'ws';
import { AppError } from '../../src-shared/errors.ts';
import type { ErrorCode } from '../../src-shared/errors.ts';
import { API_PREFIX, WS_PATH, authResultSchema, serverFrameSchema } from '../../src-shared/protocol.ts';
import type {
  AuthResult,
  EphemeralEvent,
  Op,
  OpParams,
  OpResult,
  ServerFrame,
  UserEvent,
} from '../../src-shared/protocol.ts';

/** A raw protocol client for integration tests: real HTTP, a real WebSocket, typed requests, awaitable frames. */
export class TestClient {
  readonly frames: ServerFrame[] = [];
  readonly events: { seq: number; event: UserEvent }[] = [];
  readonly ephemeral: EphemeralEvent[] = [];
  closeCode: number | null = null;
  private socket: WebSocket | null = null;
  /** The TCP socket under `socket`, corked by `sendBatch` so a batch of frames leaves in one write. */
  private tcp: Duplex | null = null;
  private nextId = 1;
  private waiters: { test: (frame: ServerFrame) => boolean; resolve: (frame: ServerFrame) => void }[] = [];
  private closeWaiters: ((code: number) => void)[] = [];
  readonly auth: AuthResult;
  readonly baseUrl: string;

  constructor(baseUrl: string, auth: AuthResult) {
    this.baseUrl = baseUrl;
    this.auth = auth;
  }

  get userId(): string {
    return this.auth.me.id;
  }

  get lastSeq(): number {
    return this.events.at(-1)?.seq ?? 0;
  }

  /** Opens the socket, says hello, and resolves on `caught_up`. */
  async connect(resumeFromSeq: number | null = null, token = this.auth.tokens.accessToken): Promise<void> {
    const url = `${this.baseUrl.replace(/^http/, 'ws')}${WS_PATH}`;
    const socket = new WebSocket(url);
    this.socket = socket;
    this.closeCode = null;
    socket.once('upgrade', (response) => (this.tcp = response.socket));
    socket.on('message', (data) => this.onFrame(serverFrameSchema.parse(JSON.parse(data.toString()))));
    socket.on('close', (code) => {
      this.closeCode = code;
      for (const waiter of this.closeWaiters.splice(0)) waiter(code);
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    // Only this connection's frames count: a previous connection's caught_up must not satisfy the wait.
    const caughtUp = this.waitFor((f) => f.type === 'caught_up', this.frames.length);
    socket.send(JSON.stringify({ type: 'hello', token, resumeFromSeq }));
    await Promise.race([
      caughtUp,
      this.waitClose().then((code) => Promise.reject(new Error(`closed ${code}`))),
    ]);
  }

  /**
   * Sends every frame (as JSON) in one TCP write, so the server reads them together: requests pipelined
   * without waiting, as a client flushing a backlog sends them.
   */
  sendBatch(frames: readonly unknown[]): void {
    this.tcp?.cork();
    for (const frame of frames) this.socket?.send(JSON.stringify(frame));
    this.tcp?.uncork();
  }

  /** Sends raw text, for malformed-frame tests. */
  sendRaw(data: string | Buffer): void {
    this.socket?.send(data);
  }

  async request<O extends Op>(op: O, params: OpParams<O>): Promise<OpResult<O>> {
    const id = `r${this.nextId++}`;
    const response = this.waitFor((f) => f.type === 'response' && f.id === id);
    this.socket?.send(JSON.stringify({ type: 'request', id, op, params }));
    const frame = await response;
    if (frame.type !== 'response') throw new Error('unreachable');
    if (!frame.ok) throw AppError.fromBody(frame.error ?? { code: 'INTERNAL', message: 'no error body' });
    return frame.result as OpResult<O>;
  }

  /** Expects the request to fail with `code`; returns the error. */
  async expectError<O extends Op>(op: O, params: OpParams<O>, code: ErrorCode): Promise<AppError> {
    try {
      await this.request(op, params);
    } catch (error) {
      if (error instanceof AppError && error.code === code) return error;
      throw new Error(
        `${op}: expected ${code}, got ${error instanceof AppError ? error.code : String(error)}`,
        {
          cause: error,
        },
      );
    }
    throw new Error(`${op}: expected ${code}, but it succeeded`);
  }

  /** Resolves with the first frame (already received or future) that passes `test`. */
  waitFor(test: (frame: ServerFrame) => boolean, fromIndex = 0): Promise<ServerFrame> {
    const seen = this.frames.slice(fromIndex).find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ test, resolve }));
  }

  /** Resolves with the first event of this type after the frame index `fromIndex` that passes `test`. */
  async waitForEvent<T extends UserEvent['type']>(
    type: T,
    test: (event: Extract<UserEvent, { type: T }>) => boolean = () => true,
    fromIndex = 0,
  ): Promise<Extract<UserEvent, { type: T }>> {
    const frame = await this.waitFor(
      (f) => f.type === 'event' && f.event.type === type && test(f.event as Extract<UserEvent, { type: T }>),
      fromIndex,
    );
    return (frame as Extract<ServerFrame, { type: 'event' }>).event as Extract<UserEvent, { type: T }>;
  }

  waitClose(): Promise<number> {
    if (this.closeCode !== null) return Promise.resolve(this.closeCode);
    return new Promise((resolve) => this.closeWaiters.push(resolve));
  }

  async close(): Promise<void> {
    if (!this.socket || this.closeCode !== null) return;
    const closed = this.waitClose();
    this.socket.close();
    await closed;
  }

  private onFrame(frame: ServerFrame): void {
    this.frames.push(frame);
    if (frame.type === 'event') this.events.push({ seq: frame.seq, event: frame.event });
    if (frame.type === 'ephemeral') this.ephemeral.push(frame.event);
    const remaining: typeof this.waiters = [];
    for (const waiter of this.waiters) {
      if (waiter.test(frame)) waiter.resolve(frame);
      else remaining.push(waiter);
    }
    this.waiters = remaining;
  }
}

export async function postJson(
  baseUrl: string,
  path: string,
  body: unknown,
  token?: string,
): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${baseUrl}${API_PREFIX}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : null };
}

let counter = 0;
/** Signs up a fresh user (unique name per call) and connects; `name` becomes part of the username. */
export async function signUpClient(baseUrl: string, name = 'user', connect = true): Promise<TestClient> {
  counter += 1;
  const username = `${name}${counter}${Math.random().toString(36).slice(2, 6)}`.toLowerCase().slice(0, 32);
  const { status, json } = await postJson(baseUrl, '/auth/signup', {
    username,
    displayName: name,
    password: 'correct horse',
  });
  if (status !== 201) throw new Error(`sign-up failed: ${status} ${JSON.stringify(json)}`);
  const client = new TestClient(baseUrl, authResultSchema.parse(json));
  if (connect) await client.connect();
  return client;
}
