import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { connectAll, countError, messageBody } from './harness.ts';
import type { BenchClient, Target } from './harness.ts';

export interface ThroughputOptions {
  /** Sends each sender keeps in flight (closed loop: a new one goes out when one is answered). */
  window: number;
  /** Only each pair's `a` sends (to `b`); otherwise (the default) every client sends to its partner. */
  oneWay?: boolean;
  warmupMs: number;
  durationMs: number;
  /** Reads the target's CPU time so far (ms), when it can be measured. */
  cpuMs?: () => number | null;
  /** Reads how long each of the target's threads has been busy so far (ms), when it reports it. */
  threadsBusyMs?: () => Promise<ReadonlyMap<string, number>>;
}

export interface ThroughputResult {
  /** Messages that reached their recipient per second, within the measured interval. */
  perSecond: number;
  received: number;
  errors: Map<string, number>;
  /** The target's CPU time over the measured interval, when it could be read. */
  cpuMs: number | null;
  /** Each of the target's threads: its busy share of the measured interval (0–1), when reported. */
  threadsBusy: ReadonlyMap<string, number> | null;
}

/**
 * Closed loop with every client sending to its partner (so every client is both sender and recipient),
 * or with one side of each pair sending (`oneWay`), and `window` sends in flight per sender. Counts `message.created` frames arriving at recipients during the
 * measured interval, after a warm-up: messages relayed end to end (and, for the server, durably stored
 * first, since it fans out only after COMMIT).
 */
export async function measureThroughput(
  target: Target,
  options: ThroughputOptions,
  runId: string,
): Promise<ThroughputResult> {
  const errors = new Map<string, number>();
  let measureFrom = Number.POSITIVE_INFINITY;
  let measureTo = Number.POSITIVE_INFINITY;
  let received = 0;
  let sending = true;
  let counter = 0;
  let inFlight = 0;
  let drained: () => void = () => {};
  // Filled once every client is connected; nothing is sent (so no hook fires) before that.
  const byUser = new Map<string, { client: BenchClient; conversationId: string }>();
  const sendNext = (userId: string) => {
    const entry = byUser.get(userId);
    if (!sending || !entry) return;
    counter += 1;
    inFlight += 1;
    entry.client.send(entry.conversationId, `${runId}-${counter}`, messageBody(counter));
  };

  const clients = await connectAll(target, (endpoint) => ({
    onAck(_clientId, ok, _at, code) {
      inFlight -= 1;
      if (!ok) countError(errors, code);
      sendNext(endpoint.userId);
      if (!sending && inFlight === 0) drained();
    },
    onReceived(_clientId, at) {
      if (at >= measureFrom && at < measureTo) received += 1;
    },
  }));
  for (const entry of clients) {
    if (!options.oneWay || entry.side === 'a') byUser.set(entry.endpoint.userId, entry);
  }

  measureFrom = performance.now() + options.warmupMs;
  measureTo = measureFrom + options.durationMs;
  for (const userId of byUser.keys()) for (let i = 0; i < options.window; i++) sendNext(userId);
  await sleep(options.warmupMs);
  const busyBefore = await options.threadsBusyMs?.();
  const cpuBefore = options.cpuMs?.() ?? null;
  const startedAt = performance.now();
  await sleep(options.durationMs);
  const cpuAfter = options.cpuMs?.() ?? null;
  const busyAfter = await options.threadsBusyMs?.();
  const measuredMs = performance.now() - startedAt;
  sending = false;
  // Let the target finish what is in flight, so its backlog does not run into the next measurement.
  if (inFlight > 0) await Promise.race([new Promise<void>((resolve) => (drained = resolve)), sleep(10_000)]);
  await Promise.all(clients.map((c) => c.client.close()));
  const cpuMs = cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : null;
  const threadsBusy =
    busyBefore && busyAfter
      ? new Map(
          [...busyAfter].map(([thread, ms]) => [thread, (ms - (busyBefore.get(thread) ?? 0)) / measuredMs]),
        )
      : null;
  return { perSecond: received / (options.durationMs / 1000), received, errors, cpuMs, threadsBusy };
}
