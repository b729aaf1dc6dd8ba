/**
 * The flooding user of the latency scenario (flood.ts), on a thread of its own: its ten thousand sends a
 * second, and the acks and refusals that come back, are written and parsed here, not on the bench thread
 * that times the other users' acks. On that thread the flood's own frames delayed the reading of every
 * other ack, for the server and for the relay alike (the relay's p99 rose 3.6× beside the flood), so the
 * figure showed the bench process as much as the target.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { z } from 'zod';
import { openLoop } from '../lib/open-loop.ts';
import type { OpenLoop } from '../lib/open-loop.ts';
import { connectPair, countError, messageBody } from './harness.ts';
import type { FloodCommand, FloodReport } from './flood.ts';

const endpoint = z.object({ userId: z.string(), token: z.string(), wsUrl: z.string().optional() });
const input = z
  .object({
    target: z.object({ name: z.string(), wsUrl: z.string() }),
    pair: z.object({ conversationId: z.string(), a: endpoint, b: endpoint }),
    rate: z.number().positive(),
    runId: z.string(),
  })
  .parse(workerData);
const port = parentPort;
if (!port) throw new Error('flood-worker.ts runs as a worker thread');

const errors = new Map<string, number>();
let acked = 0;
let answered = 0;
let sent = 0;
let running = false;
let quiet: () => void = () => {};
const { sender, clients } = await connectPair({ ...input.target, pairs: [input.pair] }, input.pair, {
  onAck(_clientId, ok, _at, code) {
    answered += 1;
    if (ok) acked += 1;
    else countError(errors, code);
    if (!running && answered === sent) quiet();
  },
  onReceived() {},
});

let loop: OpenLoop | null = null;
port.on('message', (command: FloodCommand) => {
  switch (command) {
    case 'start':
      start();
      return;
    case 'stop':
      void stop();
      return;
  }
});
port.postMessage({ type: 'ready' } satisfies FloodReport);

/** Open loop (bench/lib/open-loop.ts): as many sends as the schedule says are due, whatever came back. */
function start(): void {
  running = true;
  loop = openLoop(input.rate, (i) => {
    sent = i + 1;
    sender.client.send(sender.conversationId, `${input.runId}-${i}`, messageBody(i));
  });
}

/** Stops sending, waits (at most 10 s) for the answers in flight, closes the pair and reports. */
async function stop(): Promise<void> {
  running = false;
  loop?.stop();
  if (answered < sent) {
    let wait: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => (quiet = resolve)),
      new Promise<void>((resolve) => (wait = setTimeout(resolve, 10_000))),
    ]);
    clearTimeout(wait);
  }
  await Promise.all(clients.map((c) => c.client.close()));
  port?.postMessage({ type: 'done', sent, acked, errors: [...errors] } satisfies FloodReport);
}
