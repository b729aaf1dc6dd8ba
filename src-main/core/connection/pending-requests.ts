import { OPS } from '../../../src-shared/protocol.ts';
import type { Op, OpParams, OpResult, ResponseFrame } from '../../../src-shared/protocol.ts';
import type { Clock, Timer } from '../clock.ts';
import { AppError } from '../../../src-shared/errors.ts';

export interface RequestOptions {
  timeoutMs?: number;
}

/** Sends one server operation and resolves with its parsed result (or rejects with an AppError). */
export interface RequestApi {
  request<O extends Op>(op: O, params: OpParams<O>, options?: RequestOptions): Promise<OpResult<O>>;
}

interface Pending {
  op: Op;
  resolve(result: unknown): void;
  reject(error: AppError): void;
  timer: Timer;
}

/** Request ids, their timeouts, and the matching of responses to callers. */
export class PendingRequests {
  readonly #clock: Clock;
  readonly #timeoutMs: number;
  readonly #send: (frame: unknown) => boolean;
  readonly #pending = new Map<string, Pending>();
  #nextId = 1;

  constructor(clock: Clock, timeoutMs: number, send: (frame: unknown) => boolean) {
    this.#clock = clock;
    this.#timeoutMs = timeoutMs;
    this.#send = send;
  }

  get size(): number {
    return this.#pending.size;
  }

  request<O extends Op>(op: O, params: OpParams<O>, options: RequestOptions = {}): Promise<OpResult<O>> {
    const id = `r${this.#nextId++}`;
    return new Promise<OpResult<O>>((resolve, reject) => {
      const timer = this.#clock.after(options.timeoutMs ?? this.#timeoutMs, () => {
        this.#pending.delete(id);
        reject(new AppError('TIMEOUT', `The server did not answer ${op} in time.`));
      });
      this.#pending.set(id, { op, resolve: resolve as (result: unknown) => void, reject, timer });
      if (!this.#send({ type: 'request', id, op, params })) {
        timer.cancel();
        this.#pending.delete(id);
        reject(new AppError('OFFLINE', 'Not connected to the server.'));
      }
    });
  }

  settle(frame: ResponseFrame): void {
    const pending = this.#pending.get(frame.id);
    if (!pending) return;
    this.#pending.delete(frame.id);
    pending.timer.cancel();
    if (!frame.ok) {
      pending.reject(
        frame.error
          ? AppError.fromBody(frame.error)
          : new AppError('INTERNAL', `${pending.op} failed without a reason.`),
      );
      return;
    }
    const parsed = OPS[pending.op].result.safeParse(frame.result);
    if (parsed.success) pending.resolve(parsed.data);
    else
      pending.reject(
        new AppError(
          'INTERNAL',
          `Unexpected answer to ${pending.op}: ${parsed.error.issues[0]?.message ?? ''}`,
        ),
      );
  }

  rejectAll(error: AppError): void {
    const all = [...this.#pending.values()];
    this.#pending.clear();
    for (const pending of all) {
      pending.timer.cancel();
      pending.reject(error);
    }
  }
}
