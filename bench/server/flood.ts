import { Worker } from 'node:worker_threads';
import type { Pair, Target } from './harness.ts';

/** What the bench thread tells the flood's thread. */
export type FloodCommand = 'start' | 'stop';
/** What the flood's thread reports: connected, then (after `stop`) its counts. */
export type FloodReport =
  { type: 'ready' } | { type: 'done'; sent: number; acked: number; errors: [string, number][] };

export interface FloodResult {
  sent: number;
  acked: number;
  errors: Map<string, number>;
}

export interface Flood {
  /** Starts sending (the pair is connected already). */
  start(): void;
  /** Stops sending, waits (at most 10 s) for the answers in flight, and closes the pair. */
  stop(): Promise<FloodResult>;
}

/**
 * One user sending to their partner open loop at `rate`, from a worker thread of the bench process
 * (flood-worker.ts): connected once this resolves, sending from `start()` until `stop()`.
 */
export async function connectFlood(target: Target, pair: Pair, rate: number, runId: string): Promise<Flood> {
  const worker = new Worker(new URL('./flood-worker.ts', import.meta.url), {
    workerData: { target: { name: target.name, wsUrl: target.wsUrl }, pair, rate, runId },
  });
  // Each report goes to the oldest waiter; a worker that fails or exits fails every waiter, then and later.
  const waiters: { resolve: (report: FloodReport) => void; reject: (error: Error) => void }[] = [];
  let failure: Error | null = null;
  const fail = (error: Error) => {
    failure ??= error;
    for (const waiter of waiters.splice(0)) waiter.reject(failure);
  };
  worker.on('message', (report: FloodReport) => waiters.shift()?.resolve(report));
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`${target.name}: flood worker exited (${code})`)));
  const next = () =>
    new Promise<FloodReport>((resolve, reject) => {
      if (failure) reject(failure);
      else waiters.push({ resolve, reject });
    });
  const ready = await next();
  if (ready.type !== 'ready') throw new Error(`${target.name}: flood worker said ${ready.type} first`);
  return {
    start: () => worker.postMessage('start' satisfies FloodCommand),
    async stop() {
      const waiting = next();
      worker.postMessage('stop' satisfies FloodCommand);
      const done = await waiting;
      await worker.terminate();
      if (done.type !== 'done') throw new Error(`${target.name}: flood worker said ${done.type}, not done`);
      return { sent: done.sent, acked: done.acked, errors: new Map(done.errors) };
    },
  };
}
