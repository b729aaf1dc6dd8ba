import { WS_PATH } from '../../src-shared/protocol.ts';
import { spawnServer } from '../../tests/support/server-process.ts';
import type { ServerProcess } from '../../tests/support/server-process.ts';
import { signUpPatiently } from './sign-up.ts';
import type { Pair, Target } from './harness.ts';

/**
 * Sends per connection per 10 s. The default (30) is a per-person abuse limit; the bench drives each
 * connection far harder on purpose, so it raises it. The per-connection *request* limit (300 per 10 s)
 * rises with it (every send is a request; see realtime/dispatcher.ts); any RATE_LIMITED answer is counted.
 */
export const BENCH_SEND_RATE = 1_000_000;

/** Pairs set up at once; each signs its two accounts up one after the other. */
const SETUP_BATCH = 3;

export interface ServerTarget {
  target: Target;
  server: ServerProcess;
  close(): Promise<void>;
}

/**
 * The real server as a child process (the same `node src-server/main.ts` the tests run, with its own
 * SQLite file in a temp folder) and `pairCount` pairs of fresh accounts, each pair with an accepted direct
 * conversation, set up through the protocol exactly as two people would.
 */
export async function startServerTarget(
  pairCount: number,
  env: Record<string, string> = {},
): Promise<ServerTarget> {
  const server = await spawnServer({ args: ['--send-rate', String(BENCH_SEND_RATE)], env });
  try {
    const pairs: Pair[] = [];
    // A few pairs at a time: sign-ups from one address may have at most 4 password hashes waiting
    // (LIMITS.passwordHashQueuePerAddress) before the server answers SERVER_BUSY.
    for (let i = 0; i < pairCount; i += SETUP_BATCH) {
      const batch = Array.from({ length: Math.min(SETUP_BATCH, pairCount - i) }, (_, j) =>
        setUpPair(server.url, i + j),
      );
      pairs.push(...(await Promise.all(batch)));
    }
    return {
      target: { name: 'server', wsUrl: `${server.wsUrl}${WS_PATH}`, pairs },
      server,
      close: () => server.cleanup(),
    };
  } catch (error) {
    await server.cleanup();
    throw new Error(`bench set-up failed: ${String(error)}\n${server.logs()}`, { cause: error });
  }
}

export async function setUpPair(url: string, index: number): Promise<Pair> {
  const a = await signUpPatiently(url, `bencha${index}`);
  const b = await signUpPatiently(url, `benchb${index}`);
  const { conversation } = await a.request('conversations.startDirect', { userId: b.userId });
  await a.request('messages.send', {
    conversationId: conversation.id,
    clientId: `bench-setup-${index}`,
    body: 'hey, bench time',
  });
  await b.request('conversations.accept', { conversationId: conversation.id });
  await Promise.all([a.close(), b.close()]);
  const endpoint = (client: typeof a) => ({ userId: client.userId, token: client.auth.tokens.accessToken });
  return { conversationId: conversation.id, a: endpoint(a), b: endpoint(b) };
}
