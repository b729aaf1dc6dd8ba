/**
 * The flooding user of `floodFromOneUser`, on a thread of its own: its thousands of sends and refusals
 * are parsed here, not on the bench thread that times everyone else's acks, so the figure shows what the
 * server does to others, not what the bench process does to itself.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { z } from 'zod';
import { RawSocket } from '../../tests/support/raw-socket.ts';

const input = z
  .object({
    baseUrl: z.string(),
    token: z.string(),
    conversationId: z.string(),
    rate: z.number().positive(),
    ms: z.number().positive(),
  })
  .parse(workerData);

const socket = await RawSocket.open(input.baseUrl);
socket.hello(input.token);
await socket.waitFor((frame) => frame.type === 'caught_up');
let accepted = 0;
const refused: Record<string, number> = {};
let answered = 0;
let sent = 0;
let sending = true;
let allAnswered: () => void = () => {};
const done = new Promise<void>((resolve) => (allAnswered = resolve));
socket.onFrame((frame) => {
  if (frame.type !== 'response') return;
  answered += 1;
  if (frame.ok) accepted += 1;
  else {
    const code = frame.error?.code ?? 'ERROR';
    refused[code] = (refused[code] ?? 0) + 1;
  }
  if (!sending && answered === sent) allAnswered();
});
const interval = 1000 / input.rate;
const started = performance.now();
for (let n = 0; performance.now() - started < input.ms; n++) {
  const wait = started + n * interval - performance.now();
  if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
  socket.sendJson({
    type: 'request',
    id: `f${n}`,
    op: 'messages.send',
    params: { conversationId: input.conversationId, clientId: crypto.randomUUID(), body: `f${n}` },
  });
  sent += 1;
}
sending = false;
if (answered < sent) await done;
socket.close();
parentPort?.postMessage({ accepted, refused });
