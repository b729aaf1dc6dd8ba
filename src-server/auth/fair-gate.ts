import { AppError } from '../../src-shared/errors.ts';

/**
 * At most `limit` tasks at once. The rest wait in one queue per key (the client's address), and a freed
 * slot goes to the keys in turn, round-robin: a hundred requests from one address wait behind each other,
 * not in front of everyone else. Past `perKeyMax` waiting for a key, or `totalMax` waiting in all, the
 * answer is SERVER_BUSY at once.
 */
export class FairGate {
  private running = 0;
  private waitingTotal = 0;
  /** Keys in the order they are served next; a served key moves to the back. */
  private readonly queues = new Map<string, (() => void)[]>();
  private readonly limit: number;
  private readonly perKeyMax: number;
  private readonly totalMax: number;

  constructor(limit: number, perKeyMax: number, totalMax: number) {
    this.limit = limit;
    this.perKeyMax = perKeyMax;
    this.totalMax = totalMax;
  }

  /** `keyMax`: how many of this key's tasks may wait (the server's own work is not capped per key). */
  async run<T>(key: string, task: () => Promise<T>, keyMax = this.perKeyMax): Promise<T> {
    if (this.running < this.limit) {
      this.running++;
    } else {
      const queue = this.queues.get(key);
      if (this.waitingTotal >= this.totalMax || (queue?.length ?? 0) >= keyMax) {
        throw new AppError('SERVER_BUSY', 'The server is busy signing people in; try again shortly.', {
          retryAfterMs: 1000,
        });
      }
      // The finishing task hands its slot straight to us, so no newcomer can slip in between.
      await new Promise<void>((resolve) => {
        if (queue) queue.push(resolve);
        else this.queues.set(key, [resolve]);
        this.waitingTotal++;
      });
    }
    try {
      return await task();
    } finally {
      this.handOver();
    }
  }

  /** Gives the slot to the first waiting key's oldest task and moves that key to the back, or frees it. */
  private handOver(): void {
    const next = this.queues.entries().next();
    if (next.done) {
      this.running--;
      return;
    }
    const [key, queue] = next.value;
    const resolve = queue.shift();
    this.queues.delete(key);
    if (queue.length > 0) this.queues.set(key, queue);
    this.waitingTotal--;
    resolve?.();
  }
}
