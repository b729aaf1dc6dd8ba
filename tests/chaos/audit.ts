import type { AuditMessage } from './worker/protocol.ts';

/**
 * The chaos run's judge. The server's history is the truth; what each sender wrote (and saw go into its
 * outbox) is what was attempted; each core's cache must end equal to the server's history.
 *
 * Message bodies carry their author's write order: `c<core>.<round>.<n>`, so a body's order key is
 * (round, n): each time a core starts sending (a restarted core on the same cache, or after the run settled
 * before a fault) it continues with the next round, and its old outbox, written earlier, is sent first.
 */
export interface AuditInput {
  /** Bodies each sender durably queued (the UI showed them as sending), by core. */
  attempted: readonly (readonly string[])[];
  /** Bodies left `failed` in an outbox (the user would see a retry button). */
  failed: readonly string[];
  server: readonly AuditMessage[];
  /** Each core's cached copy of the conversation, in its stored order. */
  caches: readonly (readonly AuditMessage[])[];
}

export interface AuditResult {
  attempted: number;
  /** Attempted messages the server stored (at least once). */
  acked: number;
  /** Attempted, not failed, and not on the server. */
  lost: number;
  /** Extra copies on the server of the same body. */
  duplicated: number;
  /** Messages the server stored after a later one by the same author. */
  reordered: number;
  failed: number;
  /** Server messages nobody attempted (a body the test never wrote or never saw queued). */
  phantom: number;
  /** Summed over every core's cache compared with the server. */
  cacheMissing: number;
  cacheDuplicated: number;
  cacheReordered: number;
  cacheExtra: number;
  /** The first few problems, for a failure message. */
  examples: string[];
}

export function orderKey(body: string): [number, number] | null {
  const match = /^c\d+\.(\d+)\.(\d+)$/.exec(body);
  if (!match) return null;
  return [Number(match[1]), Number(match[2])];
}

function before(a: [number, number], b: [number, number]): boolean {
  return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
}

export function audit(input: AuditInput): AuditResult {
  const examples: string[] = [];
  const note = (line: string) => {
    if (examples.length < 10) examples.push(line);
  };
  const attempted = new Set(input.attempted.flat());
  const failed = new Set(input.failed);

  const copies = new Map<string, number>();
  for (const m of input.server) copies.set(m.body, (copies.get(m.body) ?? 0) + 1);

  let acked = 0;
  let lost = 0;
  for (const body of attempted) {
    if (copies.has(body)) acked += 1;
    else if (!failed.has(body)) {
      lost += 1;
      note(`lost: ${body}`);
    }
  }
  let duplicated = 0;
  let phantom = 0;
  for (const [body, count] of copies) {
    if (count > 1) {
      duplicated += count - 1;
      note(`duplicated ×${count}: ${body}`);
    }
    if (!attempted.has(body)) {
      phantom += 1;
      note(`phantom: ${body}`);
    }
  }

  // Per author, in server order, each body must come after every earlier one of the same author.
  let reordered = 0;
  const latest = new Map<string, [number, number]>();
  for (const m of [...input.server].sort((a, b) => a.seq - b.seq)) {
    const key = orderKey(m.body);
    if (!key) continue;
    const previous = latest.get(m.authorId);
    if (previous && before(key, previous)) {
      reordered += 1;
      note(`reordered: ${m.body} (seq ${m.seq}) after ${previous.join('.')}`);
    } else latest.set(m.authorId, key);
  }

  const serverSeq = new Map(input.server.map((m) => [m.id, m.seq]));
  let cacheMissing = 0;
  let cacheDuplicated = 0;
  let cacheReordered = 0;
  let cacheExtra = 0;
  input.caches.forEach((cache, index) => {
    const seen = new Set<string>();
    let lastSeq = 0;
    for (const m of cache) {
      if (seen.has(m.id)) {
        cacheDuplicated += 1;
        note(`core ${index} cache holds ${m.id} twice`);
        continue;
      }
      seen.add(m.id);
      const seq = serverSeq.get(m.id);
      if (seq === undefined) {
        cacheExtra += 1;
        note(`core ${index} cache holds ${m.body}, which the server does not`);
        continue;
      }
      if (seq !== m.seq || seq < lastSeq) {
        cacheReordered += 1;
        note(`core ${index} cache has ${m.body} at seq ${m.seq}, server at ${seq}`);
      }
      lastSeq = Math.max(lastSeq, seq);
    }
    for (const m of input.server) {
      if (seen.has(m.id)) continue;
      cacheMissing += 1;
      note(`core ${index} cache misses ${m.body} (seq ${m.seq})`);
    }
  });

  return {
    attempted: attempted.size,
    acked,
    lost,
    duplicated,
    reordered,
    failed: failed.size,
    phantom,
    cacheMissing,
    cacheDuplicated,
    cacheReordered,
    cacheExtra,
    examples,
  };
}
