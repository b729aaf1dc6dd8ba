import { Worker } from 'node:worker_threads';
import type { Pair, Target } from './harness.ts';

export interface RawRelay {
  target: Target;
  close(): Promise<void>;
}

/** Starts the raw relay (raw-relay-worker.ts) for the same pairs the server was set up with. */
export async function startRawRelay(pairs: readonly Pair[]): Promise<RawRelay> {
  const routes = pairs.map((pair) => [pair.conversationId, [pair.a.userId, pair.b.userId]] as const);
  const worker = new Worker(new URL('./raw-relay-worker.ts', import.meta.url), { workerData: { routes } });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', (message: { port: number }) => resolve(message.port));
    worker.once('error', reject);
  });
  // The relay knows people by id: its "token" is the user id.
  const asRelay = (endpoint: Pair['a']) => ({ userId: endpoint.userId, token: endpoint.userId });
  return {
    target: {
      name: 'raw ws relay',
      wsUrl: `ws://127.0.0.1:${port}`,
      pairs: pairs.map((pair) => ({
        conversationId: pair.conversationId,
        a: asRelay(pair.a),
        b: asRelay(pair.b),
      })),
    },
    // The harness closes its sockets first, so there is nothing left to drain.
    close: async () => {
      await worker.terminate();
    },
  };
}
