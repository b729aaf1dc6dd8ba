import { randomUUID } from 'node:crypto';
import { LIMITS } from '../../src-shared/limits.ts';
import { OPS, WS_PATH } from '../../src-shared/protocol.ts';
import type { ServerProcess } from '../support/server-process.ts';
import { signUpClient } from '../support/test-client.ts';
import { FuzzSocket } from './fuzz-socket.ts';
import { hostileFrames } from './frames.ts';
import type { Frame } from './frames.ts';

/**
 * The server protocol fuzzer: batches of hostile frames (./frames.ts) on sockets in every state (signed
 * in, never said hello, said hello with a forged token), against a real server process. After each batch
 * the process must be alive and a new client must sign in over a fresh socket and get a correct answer.
 */
export interface FuzzResult {
  seed: number;
  framesTried: number;
  batches: number;
  byKind: Record<string, number>;
}

const OP_NAMES = Object.keys(OPS);

/** Reports the seed and the batch that broke the target, so it can be replayed. */
export class FuzzFailure extends Error {}

async function ready(url: string, token: string | null, localAddress: string): Promise<FuzzSocket> {
  const socket = await FuzzSocket.open(url, { localAddress });
  if (token !== null) {
    socket.send(JSON.stringify({ type: 'hello', token, resumeFromSeq: null }));
    await socket.next((t) => t.includes('"caught_up"'));
  }
  return socket;
}

export async function fuzzServer(options: {
  server: ServerProcess;
  seed: number;
  frames: number;
  batch?: number;
  log?: (line: string) => void;
}): Promise<FuzzResult> {
  const { server, seed } = options;
  const batchSize = options.batch ?? 200;
  const wsUrl = `${server.wsUrl}${WS_PATH}`;
  const attacker = await signUpClient(server.url, 'fuzz', false);
  const witness = await signUpClient(server.url, 'witness', false);
  const token = attacker.auth.tokens.accessToken;
  const ids = [attacker.auth.me.id, witness.auth.me.id, randomUUID(), 'not-an-id'];
  const valid = (random: () => number): unknown => {
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    if (random() < 0.1)
      return { type: 'hello', token: pick([token, 'forged', '']), resumeFromSeq: pick([null, 0, 5, -1]) };
    return {
      type: 'request',
      id: `f${Math.floor(random() * 1e6)}`,
      op: pick(OP_NAMES),
      params: {
        conversationId: pick(ids),
        userId: pick(ids),
        userIds: [pick(ids), pick(ids)],
        producerId: pick(ids),
        clientId: randomUUID(),
        body: 'x'.repeat(Math.floor(random() * LIMITS.messageMaxChars * 1.5)),
        query: pick(['', 'a', 'fu', '%', '\u0000']),
        limit: pick([1, 100, 1000, -1, 0]),
        beforeSeq: pick([1, 0, -5, 2 ** 40]),
        upToSeq: pick([1, 2 ** 40]),
        typing: random() < 0.5,
        title: 'x'.repeat(Math.floor(random() * 500)),
      },
    };
  };
  const byKind: Record<string, number> = {};
  let framesTried = 0;
  let batches = 0;
  for (let start = 0; start < options.frames; start += batchSize) {
    const batchSeed = (seed + batches * 7919) >>> 0;
    const frames = hostileFrames(batchSeed, Math.min(batchSize, options.frames - start), {
      valid,
      maxBytes: LIMITS.frameMaxBytes,
    });
    await runBatch(wsUrl, token, frames);
    for (const frame of frames) byKind[frame.kind] = (byKind[frame.kind] ?? 0) + 1;
    framesTried += frames.length;
    batches += 1;
    await healthCheck(
      server,
      wsUrl,
      witness.auth.tokens.accessToken,
      `seed ${seed}, batch ${batches} (batch seed ${batchSeed})`,
    );
    if (batches % 10 === 0) options.log?.(`${framesTried} frames, server still answering`);
  }
  return { seed, framesTried, batches, byKind };
}

async function runBatch(wsUrl: string, token: string, frames: Frame[]): Promise<void> {
  const sockets = await Promise.all([
    ready(wsUrl, token, '127.0.0.40'),
    ready(wsUrl, null, '127.0.0.41'),
    ready(wsUrl, null, '127.0.0.42').then((s) => {
      s.send(JSON.stringify({ type: 'hello', token: 'forged.token.value', resumeFromSeq: null }));
      return s;
    }),
  ]);
  frames.forEach((frame, i) => sockets[i % sockets.length]?.send(frame.data, frame.binary));
  // The signed-in socket's requests are answered in order: a last one answered (or the socket closed)
  // means the server has been through everything sent on it.
  const [signedIn] = sockets;
  signedIn?.send(JSON.stringify({ type: 'request', id: 'fuzz-marker', op: 'me.get', params: {} }));
  await signedIn?.next((t) => t.includes('"fuzz-marker"'));
  for (const socket of sockets) socket.terminate();
  await Promise.all(sockets.map((s) => s.closed));
}

async function healthCheck(
  server: ServerProcess,
  wsUrl: string,
  token: string,
  where: string,
): Promise<void> {
  const fail = (why: string) => {
    throw new FuzzFailure(`fuzz: ${why} after ${where}\nserver log:\n${server.logs().slice(-3000)}`);
  };
  let socket: FuzzSocket;
  try {
    socket = await ready(wsUrl, token, '127.0.0.43');
  } catch (error) {
    return fail(`a new client could not connect (${String(error)})`);
  }
  socket.send(JSON.stringify({ type: 'request', id: 'health', op: 'conversations.list', params: {} }));
  const answer = await socket.next((t) => t.includes('"health"'));
  socket.terminate();
  if (answer === null || !/"ok":true/.test(answer)) fail(`the server answered a new client with ${answer}`);
}
