import { performance } from 'node:perf_hooks';
import { openLoop } from '../lib/open-loop.ts';
import { summarize } from '../lib/stats.ts';
import type { Summary } from '../lib/stats.ts';
import { connectFlood } from './flood.ts';
import type { FloodResult } from './flood.ts';
import { connectAll, countError, messageBody } from './harness.ts';
import type { Pair, Target } from './harness.ts';

export interface LatencyOptions {
  /** Messages per second over all senders together. */
  rate: number;
  warmupMs: number;
  durationMs: number;
  /** How long to wait for stragglers after the last send before counting them lost. */
  drainMs: number;
  /** Only each pair's `a` sends (to `b`); otherwise (the default) both sides send to each other. */
  oneWay?: boolean;
  /**
   * Another user sending open loop at `rate` to their partner for the whole run (warm-up included), from a
   * worker thread of its own (flood.ts): their messages are not measured, only the others' latency beside
   * them. The pair must not be in the target's.
   */
  flood?: { pair: Pair; rate: number };
}

export interface LatencyResult {
  ack: Summary;
  delivered: Summary;
  sent: number;
  /** Sends that got neither an ack or a delivery within the drain time. */
  lost: number;
  errors: Map<string, number>;
  /** The flooding user's sends and their refusals (e.g. over the in-flight cap), when there was one. */
  flood: FloodResult | null;
}

/**
 * Open loop at a fixed rate: the senders take turns, on a schedule that never waits for answers (a slow
 * server meets the same offered load as a fast one, so queueing shows up in the tail). Sends in the
 * warm-up are not counted. Latency is taken from just before `socket.send` to the ack reaching the
 * sender, and to `message.created` reaching the partner; both clients live in this process, so one clock
 * measures both.
 */
export async function measureLatency(
  target: Target,
  options: LatencyOptions,
  runId: string,
): Promise<LatencyResult> {
  const sentAt = new Map<string, number>();
  const ack: number[] = [];
  const delivered: number[] = [];
  const errors = new Map<string, number>();
  const warmupCount = Math.round((options.rate * options.warmupMs) / 1000);
  const total = warmupCount + Math.round((options.rate * options.durationMs) / 1000);
  let pending = total * 2;
  let done: () => void = () => {};
  const finished = new Promise<void>((resolve) => (done = resolve));
  const settle = () => {
    pending -= 1;
    if (pending === 0) done();
  };
  const counted = (clientId: string) => Number(clientId.slice(clientId.lastIndexOf('-') + 1)) >= warmupCount;

  const clients = await connectAll(target, () => ({
    onAck(clientId, ok, at, code) {
      const start = sentAt.get(clientId);
      if (start === undefined) return;
      if (ok && counted(clientId)) ack.push(at - start);
      if (!ok) {
        countError(errors, code);
        settle(); // a refused send is never delivered either
      }
      settle();
    },
    onReceived(clientId, at) {
      const start = sentAt.get(clientId);
      if (start === undefined) return;
      if (counted(clientId)) delivered.push(at - start);
      settle();
    },
  }));
  const senders = clients.filter((c) => !options.oneWay || c.side === 'a');
  const flood = options.flood
    ? await connectFlood(target, options.flood.pair, options.flood.rate, `${runId}-flood`)
    : null;
  flood?.start();

  await openLoop(
    options.rate,
    (sent) => {
      const sender = senders[sent % senders.length];
      if (!sender) return;
      const clientId = `${runId}-${sent}`;
      sentAt.set(clientId, performance.now());
      sender.client.send(sender.conversationId, clientId, messageBody(sent));
    },
    total,
  ).done;
  const floodResult = flood ? await flood.stop() : null;
  const drained = await Promise.race([
    finished.then(() => true),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), options.drainMs)),
  ]);
  await Promise.all(clients.map((c) => c.client.close()));
  const measured = total - warmupCount;
  return {
    ack: summarize(ack),
    delivered: summarize(delivered),
    sent: measured,
    lost: drained ? 0 : Math.max(measured - Math.min(ack.length, delivered.length), 0),
    errors,
    flood: floodResult,
  };
}
