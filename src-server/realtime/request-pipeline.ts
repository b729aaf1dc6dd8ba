/**
 * How one socket's requests may overlap (docs/protocol.md, "Requests on one socket"):
 *
 * - An **overlapping** request (`messages.send`) starts once every earlier request on the socket has
 *   *started* and every earlier barrier has *finished*. It says when it has started (`started()`): for a
 *   send, once its unit of work is queued, so the sends of one socket are queued, given their
 *   conversation seqs and committed in the order they arrived, while many of them wait for a commit at
 *   once and share it.
 * - A **barrier** (every other op) starts once every earlier request has finished, so it sees all of
 *   their effects; every later request waits for it to finish.
 * - At most `limit` requests are in flight (received and not yet finished); `submit` refuses one more.
 */
export type RequestKind = 'overlap' | 'barrier';

/** The ops that overlap with the requests behind them; every other op (and an unknown one) is a barrier. */
const OVERLAPPING_OPS: ReadonlySet<string> = new Set(['messages.send']);

export function requestKind(op: string): RequestKind {
  return OVERLAPPING_OPS.has(op) ? 'overlap' : 'barrier';
}

/** Runs one request; calls `started` once its effects are ordered (a barrier may never call it). */
export type RequestRun = (started: () => void) => Promise<void>;

export class RequestPipeline {
  private readonly limit: number;
  /** Told of a `run` that rejected anyway; the pipeline goes on. */
  private readonly onError: (error: unknown) => void;
  private inFlight = 0;
  /** When the next overlapping request may start. */
  private startGate: Promise<void> = Promise.resolve();
  /** When every request received so far has finished. */
  private allDone: Promise<void> = Promise.resolve();

  constructor(limit: number, onError: (error: unknown) => void) {
    this.limit = limit;
    this.onError = onError;
  }

  /** Requests received and not yet finished. */
  get size(): number {
    return this.inFlight;
  }

  /** Resolves once every request submitted so far has finished (graceful shutdown waits for it). */
  idle(): Promise<void> {
    return this.allDone;
  }

  /**
   * Queues a request behind the ones it must wait for; false (and nothing queued) when `limit` requests
   * are already in flight. `run` should not reject (the caller turns failures into answers); if it does,
   * `onError` hears of it and the requests behind it still run.
   */
  submit(kind: RequestKind, run: RequestRun): boolean {
    if (this.inFlight >= this.limit) return false;
    this.inFlight += 1;
    let markStarted: () => void = () => {};
    const started = new Promise<void>((resolve) => (markStarted = resolve));
    const gate = kind === 'barrier' ? this.allDone : this.startGate;
    const finished = gate
      .then(() => run(markStarted))
      .catch((error: unknown) => this.onError(error))
      .finally(() => {
        this.inFlight -= 1;
        markStarted();
      });
    // A barrier holds back everything after it until it is done; an overlapping request only until it
    // has started (and, through `finally`, a failed or refused one until it has finished).
    this.startGate = kind === 'barrier' ? finished : started;
    const before = this.allDone;
    this.allDone = before.then(() => finished);
    return true;
  }
}
