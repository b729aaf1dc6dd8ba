import WebSocket from 'ws';

/**
 * A bare WebSocket for fuzzing: sends anything (text, invalid UTF-8 as text, binary, oversized), keeps
 * every text frame it gets as a string (never parsed here: the target may answer anything), and resolves
 * `closed` however the socket ends. Errors end in 'close', which is what callers wait on.
 */
export class FuzzSocket {
  readonly received: string[] = [];
  readonly closed: Promise<number>;
  readonly #socket: WebSocket;
  #waiters: { test: (text: string) => boolean; resolve: (text: string | null) => void }[] = [];
  #isClosed = false;

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    this.closed = new Promise((resolve) =>
      socket.on('close', (code) => {
        this.#isClosed = true;
        for (const waiter of this.#waiters.splice(0)) waiter.resolve(null);
        resolve(code);
      }),
    );
    socket.on('error', (error) => this.received.push(`(socket error: ${error.message})`));
    socket.on('message', (data, isBinary) => {
      const text = isBinary ? '(binary)' : String(data);
      this.received.push(text);
      this.#waiters = this.#waiters.filter((w) => !(w.test(text) && (w.resolve(text), true)));
    });
  }

  static open(url: string, options: WebSocket.ClientOptions = {}): Promise<FuzzSocket> {
    const socket = new WebSocket(url, { maxPayload: 16 * 1024 * 1024, ...options });
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new FuzzSocket(socket)));
      socket.once('unexpected-response', (_req, res) =>
        reject(new Error(`upgrade refused: ${res.statusCode}`)),
      );
      socket.once('error', reject);
    });
  }

  get isClosed(): boolean {
    return this.#isClosed;
  }

  /** Sends one frame as given; a frame the socket can no longer send is dropped (the target closed it). */
  send(data: Buffer | string, binary = false): void {
    if (this.#isClosed || this.#socket.readyState !== WebSocket.OPEN) return;
    this.#socket.send(data, { binary });
  }

  /** The first frame (already received or to come) that passes `test`; null if the socket closes first. */
  next(test: (text: string) => boolean): Promise<string | null> {
    const seen = this.received.find(test);
    if (seen !== undefined) return Promise.resolve(seen);
    if (this.#isClosed) return Promise.resolve(null);
    return new Promise((resolve) => this.#waiters.push({ test, resolve }));
  }

  terminate(): void {
    this.#socket.terminate();
  }
}
