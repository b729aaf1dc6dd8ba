import WebSocket from 'ws';
import { WS_PATH, serverFrameSchema } from '../../src-shared/protocol.ts';
import type { ServerFrame } from '../../src-shared/protocol.ts';

/**
 * A bare WebSocket to the server, for frames the typed TestClient would never send: garbage, oversized
 * frames, requests before hello. Collects every frame and the close code.
 */
export class RawSocket {
  readonly frames: ServerFrame[] = [];
  private readonly socket: WebSocket;
  private readonly closed: Promise<{ code: number; reason: string }>;
  private waiters: { test: (frame: ServerFrame) => boolean; resolve: (frame: ServerFrame) => void }[] = [];
  private readonly listeners = new Set<(frame: ServerFrame) => void>();

  private constructor(socket: WebSocket) {
    this.socket = socket;
    this.closed = new Promise((resolve) =>
      socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    socket.on('message', (data) => {
      const frame = serverFrameSchema.parse(JSON.parse(data.toString()));
      this.frames.push(frame);
      for (const listener of this.listeners) listener(frame);
      this.waiters = this.waiters.filter((w) => !(w.test(frame) && (w.resolve(frame), true)));
    });
    // Errors (e.g. a reset after the server closed) end in 'close', which is what tests await.
    socket.on('error', () => {});
  }

  static async open(baseUrl: string): Promise<RawSocket> {
    const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}${WS_PATH}`);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new RawSocket(socket);
  }

  send(data: string | Buffer, options: { binary?: boolean } = {}): void {
    this.socket.send(data, { binary: options.binary ?? false });
  }

  sendJson(value: unknown): void {
    this.send(JSON.stringify(value));
  }

  hello(token: string, resumeFromSeq: number | null = null): void {
    this.sendJson({ type: 'hello', token, resumeFromSeq });
  }

  waitFor(test: (frame: ServerFrame) => boolean): Promise<ServerFrame> {
    const seen = this.frames.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ test, resolve }));
  }

  /** Calls `listener` with every frame from now on; returns the way to stop. */
  onFrame(listener: (frame: ServerFrame) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  waitClose(): Promise<{ code: number; reason: string }> {
    return this.closed;
  }

  close(): void {
    this.socket.close();
  }

  /** Stops reading: the server's answers pile up in its send buffer (a slow or hostile consumer). */
  pause(): void {
    this.socket.pause();
  }

  /** Drops the connection at once, without a close handshake (a paused socket would never finish one). */
  terminate(): void {
    this.socket.terminate();
  }
}
