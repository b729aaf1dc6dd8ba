import { performance } from 'node:perf_hooks';
import { connectPair, countError, messageBody } from './harness.ts';
import type { Pair, Target } from './harness.ts';

export interface BacklogOptions {
  /** Messages waiting in the client's outbox when it connects. */
  messages: number;
  /** Sends the client keeps in flight on its one socket (at most the server's per-socket cap). */
  window: number;
}

export interface BacklogResult {
  /** From the first send to the last ack, ms. */
  ms: number;
  acked: number;
  /** From the first send to the last message reaching the partner, ms. */
  deliveredMs: number;
  errors: Map<string, number>;
}

/**
 * A client reconnecting with a full outbox: one socket pipelines `messages` sends to one conversation,
 * `window` at a time (a new one goes out with each ack, as an outbox with a raised send budget would),
 * and the time until the last ack is what the user waits for "sent" on all of them.
 */
export async function measureBacklog(
  target: Target,
  pair: Pair,
  options: BacklogOptions,
  runId: string,
): Promise<BacklogResult> {
  const errors = new Map<string, number>();
  let sent = 0;
  let acked = 0;
  let answered = 0;
  let received = 0;
  let lastAck = 0;
  let lastDelivery = 0;
  let done: () => void = () => {};
  const finished = new Promise<void>((resolve) => (done = resolve));
  const check = () => {
    if (answered === options.messages && received === acked) done();
  };
  let sendNext: () => void = () => {};
  const { sender, clients } = await connectPair(target, pair, {
    onAck(_clientId, ok, at, code) {
      answered += 1;
      if (ok) acked += 1;
      else countError(errors, code);
      lastAck = at;
      sendNext();
      check();
    },
    onReceived(_clientId, at) {
      received += 1;
      lastDelivery = at;
      check();
    },
  });
  sendNext = () => {
    if (sent >= options.messages) return;
    sender.client.send(sender.conversationId, `${runId}-${sent}`, messageBody(sent));
    sent += 1;
  };
  const start = performance.now();
  for (let i = 0; i < options.window; i++) sendNext();
  await Promise.race([finished, new Promise<void>((resolve) => setTimeout(resolve, 30_000))]);
  await Promise.all(clients.map((c) => c.client.close()));
  return { ms: lastAck - start, acked, deliveredMs: lastDelivery - start, errors };
}
