import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { z } from 'zod';
import type { HeadlessHost } from '../../src-main/headless/host.ts';
import {
  HEADLESS_BRIDGE_PATH,
  HEADLESS_CLOSE_CODES,
  HEADLESS_FRAME_MAX_BYTES,
  HEADLESS_MAX_IN_FLIGHT,
  HEADLESS_SECRET_PARAM,
} from '../../src-shared/bridge.ts';
import { IPC_REQUESTS } from '../../src-shared/ipc.ts';
import { seededRandom } from '../chaos/faults.ts';
import { FuzzSocket } from './fuzz-socket.ts';
import { hostileFrames, hostileValue, json, mutate } from './frames.ts';
import { FuzzFailure } from './server-fuzz.ts';

/**
 * The bridge fuzzer: hostile frames against a headless host's WebSocket bridge (src-main/headless) and,
 * through it, the IPC router of src-main/core (the same router Electron's ipcMain adapter calls).
 *
 * Two streams per batch:
 * - envelope frames (./frames.ts: binary, invalid UTF-8, oversized, not JSON, deep nesting, huge numbers,
 *   mutated request frames), each on a fresh page socket followed by a marker request. The socket must
 *   either answer the marker or be closed with one of HEADLESS_CLOSE_CODES, nothing else;
 * - router frames: well-formed request frames whose channel and payload are random or mutated, on one page,
 *   at most HEADLESS_MAX_IN_FLIGHT at a time. Each must get exactly one well-formed response, and none may
 *   be INTERNAL (an error the router did not expect).
 * After each batch a new page must get correct answers, the host's core must still be signed in, and the
 * host must have reported no unexpected error.
 */
export interface BridgeFuzzResult {
  seed: number;
  framesTried: number;
  batches: number;
  /** Envelope frames by kind, router frames as `router`. */
  byKind: Record<string, number>;
  /** How each envelope frame's socket ended: `answered` or `closed <code>`. */
  outcomes: Record<string, number>;
  /** Router answers by error code (`ok` for a success). */
  codes: Record<string, number>;
}

/**
 * Channels left out of the router stream, because a valid call would change who or where the host is and
 * turn the rest of the run into SIGNED_OUT answers: their payload validation is the same zod parse as
 * every other channel's, which the stream covers.
 */
const IDENTITY_CHANNELS = new Set(['session.signIn', 'session.signUp', 'session.signOut', 'server.set']);
const CHANNELS = Object.keys(IPC_REQUESTS).filter((c) => !IDENTITY_CHANNELS.has(c));
/** Channel names that are not channels: prototype keys, near misses, an oversized one. */
const BAD_CHANNELS = [
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'session.get ',
  '',
  'x'.repeat(100),
];

const responseFrameSchema = z.object({
  type: z.literal('response'),
  id: z.number(),
  response: z.union([
    z.object({ ok: z.literal(true), result: z.unknown() }),
    z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) }),
  ]),
});
type ResponseFrame = z.infer<typeof responseFrameSchema>;

const EXPECTED_CLOSE_CODES = new Set<number>(Object.values(HEADLESS_CLOSE_CODES));
/** The marker request's id: far above any id the streams use. */
const MARKER_ID = 2 ** 52;

export function bridgeUrl(host: HeadlessHost): string {
  return `ws://127.0.0.1:${host.port}${HEADLESS_BRIDGE_PATH}?${HEADLESS_SECRET_PARAM}=${host.secret}`;
}

export function openPage(host: HeadlessHost): Promise<FuzzSocket> {
  return FuzzSocket.open(bridgeUrl(host), { origin: host.origin });
}

function parseResponse(text: string): ResponseFrame | null {
  try {
    const parsed = responseFrameSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    // An event frame or anything else the page may get: not a response.
    return null;
  }
}

/** A well-formed payload for a random channel, with values drawn from ids the host knows and hostile ones. */
function payloadPool(ids: readonly string[]) {
  return (random: () => number): Record<string, unknown> => {
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    return {
      conversationId: pick(ids),
      userId: pick(ids),
      userIds: [pick(ids), pick(ids)],
      producerId: pick(ids),
      messageId: pick(ids),
      reportId: pick(ids),
      clientId: pick([randomUUID(), 'not-a-client-id']),
      body: 'x'.repeat(Math.floor(random() * 5_000)),
      title: 'x'.repeat(Math.floor(random() * 200)),
      query: pick(['', 'a', 'fu', '%', '\u0000', '\u202e']),
      limit: pick([1, 50, 1_000, -1, 0]),
      beforeSeq: pick([1, 0, -5, 2 ** 40, null]),
      duration: pick(['1h', '8h', 'forever', 'off', 'never']),
      typing: random() < 0.5,
      focused: random() < 0.5,
      tag: pick(['', 'a', 'x'.repeat(300)]),
      reason: pick(['spam', '', 'x'.repeat(2_000)]),
      until: pick([null, 0, Date.now() + 60_000, -1]),
    };
  };
}

/** `count` request frames that pass the envelope check, with random channels and mutated payloads. */
export function routerFrames(
  seed: number,
  count: number,
  ids: readonly string[],
): { id: number; text: string }[] {
  const random = seededRandom(seed);
  const values = fc.sample(hostileValue, { seed, numRuns: count });
  const pool = payloadPool(ids);
  return values.map((value, i) => {
    const roll = random();
    const channel =
      roll < 0.08
        ? (BAD_CHANNELS[Math.floor(random() * BAD_CHANNELS.length)] ?? '')
        : (CHANNELS[Math.floor(random() * CHANNELS.length)] ?? 'session.get');
    const payload =
      roll < 0.2 ? pool(random) : roll < 0.3 ? value : roll < 0.35 ? {} : mutate(pool(random), random, value);
    // A frame without `payload` is not a request frame (the page is closed, 4400): the envelope stream
    // covers that; here the key stays, as null where the hostile value was undefined.
    return { id: i, text: json({ type: 'request', id: i, channel, payload: payload ?? null }) };
  });
}

async function runRouterStream(
  host: HeadlessHost,
  frames: { id: number; text: string }[],
  codes: Record<string, number>,
): Promise<void> {
  const page = await openPage(host);
  try {
    for (let start = 0; start < frames.length; start += HEADLESS_MAX_IN_FLIGHT) {
      const chunk = frames.slice(start, start + HEADLESS_MAX_IN_FLIGHT);
      const answers = chunk.map((frame) => page.next((text) => parseResponse(text)?.id === frame.id));
      for (const frame of chunk) page.send(frame.text);
      for (const [i, answer] of (await Promise.all(answers)).entries()) {
        const frame = chunk[i];
        const parsed = answer === null ? null : parseResponse(answer);
        if (parsed === null) {
          const code = await page.closed;
          throw new FuzzFailure(
            `router frame got no response (the page was closed with ${code}): ${frame?.text.slice(0, 300)}`,
          );
        }
        const code = parsed.response.ok ? 'ok' : parsed.response.error.code;
        codes[code] = (codes[code] ?? 0) + 1;
        if (code === 'INTERNAL')
          throw new FuzzFailure(`the router failed unexpectedly (INTERNAL) on ${frame?.text.slice(0, 300)}`);
      }
      // Answers already matched are not needed again: keep the page's memory flat over a long run.
      page.received.length = 0;
    }
  } finally {
    page.terminate();
    await page.closed;
  }
}

/** One envelope frame on a fresh page, then the marker: answered, or closed with a code of the contract. */
async function tryEnvelopeFrame(host: HeadlessHost, data: Buffer | string, binary: boolean): Promise<string> {
  const page = await openPage(host);
  page.send(data, binary);
  page.send(JSON.stringify({ type: 'request', id: MARKER_ID, channel: 'badge.get', payload: {} }));
  const marker = await page.next((text) => parseResponse(text)?.id === MARKER_ID);
  if (marker !== null) {
    page.terminate();
    await page.closed;
    return 'answered';
  }
  const code = await page.closed;
  if (!EXPECTED_CLOSE_CODES.has(code))
    throw new FuzzFailure(`a page was closed with ${code}, not a code of HEADLESS_CLOSE_CODES`);
  return `closed ${code}`;
}

async function healthCheck(host: HeadlessHost, meId: string, where: string): Promise<void> {
  const page = await openPage(host);
  try {
    page.send(JSON.stringify({ type: 'request', id: 1, channel: 'session.get', payload: {} }));
    page.send(JSON.stringify({ type: 'request', id: 2, channel: 'conversations.list', payload: {} }));
    const [session, list] = await Promise.all([
      page.next((t) => parseResponse(t)?.id === 1),
      page.next((t) => parseResponse(t)?.id === 2),
    ]);
    const me = session === null ? null : parseResponse(session);
    if (!me?.response.ok || !JSON.stringify(me.response.result).includes(meId))
      throw new FuzzFailure(`after ${where}: session.get answered ${session}`);
    if (list === null || !parseResponse(list)?.response.ok)
      throw new FuzzFailure(`after ${where}: conversations.list answered ${list}`);
    if (host.unexpectedErrors !== 0)
      throw new FuzzFailure(`after ${where}: the host reported ${host.unexpectedErrors} unexpected errors`);
  } finally {
    page.terminate();
    await page.closed;
  }
}

export async function fuzzBridge(options: {
  host: HeadlessHost;
  /** The signed-in account of the host, which must still be signed in after every batch. */
  meId: string;
  /** Ids the host knows (its account, a contact, a conversation), to make mutations land deeper. */
  ids: readonly string[];
  seed: number;
  frames: number;
  batch?: number;
  log?: (line: string) => void;
}): Promise<BridgeFuzzResult> {
  const { host, seed } = options;
  const batchSize = options.batch ?? 200;
  const ids = [...options.ids, randomUUID(), 'not-an-id'];
  const byKind: Record<string, number> = {};
  const outcomes: Record<string, number> = {};
  const codes: Record<string, number> = {};
  const pool = payloadPool(ids);
  const envelope = (random: () => number) => ({
    type: 'request',
    id: Math.floor(random() * 1_000_000),
    channel: CHANNELS[Math.floor(random() * CHANNELS.length)] ?? 'session.get',
    payload: pool(random),
  });
  let framesTried = 0;
  let batches = 0;
  for (let start = 0; start < options.frames; start += batchSize) {
    const batchSeed = (seed + batches * 7919) >>> 0;
    const count = Math.min(batchSize, options.frames - start);
    const envelopeCount = Math.ceil(count / 2);
    const where = `seed ${seed}, batch ${batches + 1} (batch seed ${batchSeed})`;
    try {
      const hostile = hostileFrames(batchSeed, envelopeCount, {
        valid: envelope,
        maxBytes: HEADLESS_FRAME_MAX_BYTES,
      });
      // A few pages at a time: the host sees concurrent hostile pages, the loaded machine is not flooded.
      for (let i = 0; i < hostile.length; i += 8) {
        const results = await Promise.all(
          hostile.slice(i, i + 8).map((frame) => tryEnvelopeFrame(host, frame.data, frame.binary)),
        );
        for (const outcome of results) outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      }
      for (const frame of hostile) byKind[frame.kind] = (byKind[frame.kind] ?? 0) + 1;
      const routed = routerFrames(batchSeed, count - envelopeCount, ids);
      await runRouterStream(host, routed, codes);
      byKind.router = (byKind.router ?? 0) + routed.length;
    } catch (error) {
      throw new FuzzFailure(
        `bridge fuzz: ${where}: ${error instanceof Error ? error.message : String(error)}`,
        {
          cause: error,
        },
      );
    }
    framesTried += count;
    batches += 1;
    await healthCheck(host, options.meId, where);
    if (batches % 10 === 0) options.log?.(`${framesTried} frames, host still answering`);
  }
  return { seed, framesTried, batches, byKind, outcomes, codes };
}
