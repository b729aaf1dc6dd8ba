import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import type { ServerFrame } from '../../src-shared/protocol.ts';

/** One account (or relay identity) the harness connects as. For the raw relay the token is the user id. */
export interface Endpoint {
  userId: string;
  token: string;
  /** The node this endpoint connects to, when not the target's one URL (several nodes). */
  wsUrl?: string;
}

/** Two endpoints and the direct conversation between them. */
export interface Pair {
  conversationId: string;
  a: Endpoint;
  b: Endpoint;
}

/** What is measured: the messaging server, or the raw relay, behind the same client code. */
export interface Target {
  name: string;
  /** Full WebSocket URL, path included. */
  wsUrl: string;
  pairs: readonly Pair[];
}

/** Times are `performance.now()` at the moment the frame was read off the socket. */
export interface ClientHooks {
  onAck(clientId: string, ok: boolean, at: number, errorCode: string | undefined): void;
  onReceived(clientId: string, at: number): void;
}

/**
 * The bench's client: the subset of the protocol a sender and a recipient need (hello, messages.send,
 * responses, message.created), and nothing else, so its own cost is small and identical for both targets.
 * Frames are cast rather than schema-parsed on purpose: validation would add client cost to every figure.
 */
export class BenchClient {
  private readonly url: string;
  private readonly endpoint: Endpoint;
  private readonly hooks: ClientHooks;
  private socket: WebSocket | null = null;

  constructor(url: string, endpoint: Endpoint, hooks: ClientHooks) {
    this.url = url;
    this.endpoint = endpoint;
    this.hooks = hooks;
  }

  /** Opens the socket, says hello, and resolves once the server says `caught_up`. */
  async connect(): Promise<void> {
    const socket = new WebSocket(this.url, { perMessageDeflate: false });
    this.socket = socket;
    await new Promise<void>((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    const ready = new Promise<void>((resolve, reject) => {
      socket.once('close', (code) => reject(new Error(`socket closed (${code}) before caught_up`)));
      socket.on('message', (data) => {
        const at = performance.now();
        const frame = JSON.parse(String(data)) as ServerFrame;
        if (frame.type === 'caught_up') resolve();
        else this.onFrame(frame, at);
      });
    });
    socket.send(JSON.stringify({ type: 'hello', token: this.endpoint.token, resumeFromSeq: null }));
    await ready;
  }

  /** The request id is the client id, so a response maps back to its message without a lookup table. */
  send(conversationId: string, clientId: string, body: string): void {
    this.socket?.send(
      JSON.stringify({
        type: 'request',
        id: clientId,
        op: 'messages.send',
        params: { conversationId, clientId, body },
      }),
    );
  }

  async close(): Promise<void> {
    const socket = this.socket;
    if (!socket || socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.close();
    });
  }

  private onFrame(frame: ServerFrame, at: number): void {
    if (frame.type === 'response') {
      this.hooks.onAck(frame.id, frame.ok, at, frame.error?.code);
    } else if (
      frame.type === 'event' &&
      frame.event.type === 'message.created' &&
      frame.event.message.authorId !== this.endpoint.userId
    ) {
      this.hooks.onReceived(frame.event.message.clientId, at);
    }
  }
}

/** A connected client: which side of its pair it is (the one-way scenarios send from `a` only). */
export interface ConnectedClient {
  client: BenchClient;
  endpoint: Endpoint;
  partner: Endpoint;
  conversationId: string;
  side: 'a' | 'b';
}

/** Connects one client per endpoint of every pair, with hooks made for each, a few at a time. */
export async function connectAll(
  target: Target,
  hooksFor: (endpoint: Endpoint, partner: Endpoint, conversationId: string) => ClientHooks,
): Promise<ConnectedClient[]> {
  const entries = target.pairs.flatMap((pair) => [
    { endpoint: pair.a, partner: pair.b, conversationId: pair.conversationId, side: 'a' as const },
    { endpoint: pair.b, partner: pair.a, conversationId: pair.conversationId, side: 'b' as const },
  ]);
  const connected = entries.map((entry) => ({
    ...entry,
    client: new BenchClient(
      entry.endpoint.wsUrl ?? target.wsUrl,
      entry.endpoint,
      hooksFor(entry.endpoint, entry.partner, entry.conversationId),
    ),
  }));
  for (let i = 0; i < connected.length; i += 20) {
    await Promise.all(connected.slice(i, i + 20).map((entry) => entry.client.connect()));
  }
  return connected;
}

/**
 * Connects fresh clients for one pair of `target` and returns them with the `a` side, the one that sends
 * in the single-sender scenarios (a backlog, a flood).
 */
export async function connectPair(
  target: Target,
  pair: Pair,
  hooks: ClientHooks,
): Promise<{ sender: ConnectedClient; clients: ConnectedClient[] }> {
  const clients = await connectAll(withPairs(target, [pair]), () => hooks);
  const sender = clients.find((c) => c.side === 'a');
  if (!sender) throw new Error(`${target.name}: pair ${pair.conversationId} has no sender`);
  return { sender, clients };
}

/** The same target with only some of its pairs (each scenario connects fresh clients for its own). */
export function withPairs(target: Target, pairs: readonly Pair[]): Target {
  return { ...target, pairs };
}

/** A realistic message of 100 bytes (for n of five digits); varied so no layer can cache one string. */
export function messageBody(n: number): string {
  return `bounce ${n}: pulled the 808 back 2 dB and high-passed the pad at 150 Hz, can you check the new mix?`;
}

/** Counts an error code. */
export function countError(errors: Map<string, number>, code: string | undefined): void {
  const key = code ?? 'UNKNOWN';
  errors.set(key, (errors.get(key) ?? 0) + 1);
}
