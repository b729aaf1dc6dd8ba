import { Random } from '../../src-server/demo/random.ts';

/**
 * The faults a chaos run injects, and a seeded schedule of them: every kind once (in a shuffled order)
 * before any repeats, so even a short run covers each; then a random pick each time.
 */
export const FAULT_KINDS = [
  /** SIGKILL the server and start it again on the same database. */
  'server-kill',
  /** SIGKILL a client core that has unsent messages in its outbox, then start it on the same cache file. */
  'core-kill',
  /** Reset the connections of one core, or of all of them. */
  'reset',
  /** A network partition for one core or all: held until the core gives up on it (heartbeat), or brief. */
  'blackhole',
  /** Cut a connection strictly inside a WebSocket frame, client-to-server or server-to-client. */
  'cut',
  /** Latency with jitter on every connection for a while. */
  'latency',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** The demo's seeded generator (mulberry32), so a run is reproducible from its seed. */
export function seededRandom(seed: number): () => number {
  const generator = new Random(seed);
  return () => generator.next();
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

export class FaultSchedule {
  readonly #random: () => number;
  readonly #firstRound: FaultKind[];

  constructor(random: () => number) {
    this.#random = random;
    const kinds = [...FAULT_KINDS];
    for (let i = kinds.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [kinds[i], kinds[j]] = [kinds[j] as FaultKind, kinds[i] as FaultKind];
    }
    this.#firstRound = kinds;
  }

  /** Kinds not injected yet in the first round (every kind once). */
  get firstRoundLeft(): number {
    return this.#firstRound.length;
  }

  next(): FaultKind {
    return this.#firstRound.shift() ?? pick(this.#random, FAULT_KINDS);
  }
}
