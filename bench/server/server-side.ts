/**
 * The server's own view of a scenario: its `beatpass_send_ack_seconds` histogram (ops/metrics.ts: a send's
 * time from reaching its handler to its commit), read from GET /metrics before and after, so the bench can
 * say how much of the client-side figure the server itself accounts for.
 */

/** Cumulative bucket counts by upper bound (seconds; +Inf last). */
export type HistogramSnapshot = ReadonlyMap<number, number>;

const BUCKET = /^beatpass_send_ack_seconds_bucket\{[^}]*le="([^"]+)"[^}]*\} (\d+)/;

/** The server's metrics now, one line each (Prometheus text format). */
async function metricLines(baseUrl: string): Promise<string[]> {
  const response = await fetch(`${baseUrl}/metrics`);
  if (!response.ok) throw new Error(`GET /metrics: ${response.status}`);
  return (await response.text()).split('\n');
}

/** The histogram's buckets as the server reports them now. */
export async function readSendAckHistogram(baseUrl: string): Promise<HistogramSnapshot> {
  const buckets = new Map<number, number>();
  for (const line of await metricLines(baseUrl)) {
    const match = BUCKET.exec(line);
    if (!match?.[1] || !match[2]) continue;
    const bound = match[1] === '+Inf' ? Number.POSITIVE_INFINITY : Number(match[1]);
    buckets.set(bound, (buckets.get(bound) ?? 0) + Number(match[2]));
  }
  return buckets;
}

export interface ServerSideFigure {
  count: number;
  /** Upper bounds (ms) of the buckets holding the 50th and 99th percentile: the figure is at most this. */
  p50AtMost: number;
  p99AtMost: number;
}

/** Percentile bounds of what was observed between two snapshots; null when nothing was. */
export function between(before: HistogramSnapshot, after: HistogramSnapshot): ServerSideFigure | null {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const cumulative = bounds.map((bound) => (after.get(bound) ?? 0) - (before.get(bound) ?? 0));
  const count = cumulative.at(-1) ?? 0;
  if (count === 0) return null;
  const atMost = (p: number) => {
    const rank = Math.ceil((p / 100) * count);
    const index = cumulative.findIndex((n) => n >= rank);
    return (bounds[index] ?? Number.POSITIVE_INFINITY) * 1000;
  };
  return { count, p50AtMost: atMost(50), p99AtMost: atMost(99) };
}

const BUSY = /^beatpass_thread_busy_seconds\{[^}]*thread="([a-z]+)"[^}]*\} ([0-9.e+-]+)/;

/** Each server thread's busy time so far (ms), from its `beatpass_thread_busy_seconds` (ops/metrics.ts). */
export async function readThreadsBusyMs(baseUrl: string): Promise<ReadonlyMap<string, number>> {
  const busy = new Map<string, number>();
  for (const line of await metricLines(baseUrl)) {
    const match = BUSY.exec(line);
    if (match?.[1] && match[2]) busy.set(match[1], Number(match[2]) * 1000);
  }
  return busy;
}
