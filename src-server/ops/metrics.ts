import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Op } from '../../src-shared/protocol.ts';
import type { OpHandler, OpHandlers } from '../context.ts';
import type { BusObserver, WireKind } from '../events/redis-bus.ts';
import { RollingQuantiles } from './rolling-quantiles.ts';

/** Seconds; send→ack lands in the low milliseconds on SQLite, tens on a loaded PostgreSQL. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
/**
 * send→ack, finer below 10 ms: on SQLite the whole figure is a few milliseconds, and the bench reads its
 * p50 and p99 from these buckets (bench/server/server-side.ts), so they must tell 1.5 ms from 2.
 */
const SEND_ACK_BUCKETS = [
  0.00025, 0.0005, 0.00075, 0.001, 0.0015, 0.002, 0.003, 0.004, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.05, 0.1,
  0.25, 0.5, 1, 2.5, 5,
];

/** What the metrics read from the running server at each scrape. */
export interface MetricSources {
  connections: () => number;
  signedIn: () => number;
  /** Each thread's event loop: busy (not waiting for I/O or timers) ms since it started. */
  threadsBusyMs: () => readonly ThreadBusy[];
}

export interface ThreadBusy {
  /** `main` (sockets, fan-out) or `store` (SQLite and the handlers: store-thread/). */
  readonly thread: 'main' | 'store';
  readonly busyMs: number;
}

/**
 * The server's Prometheus metrics, one registry per server (tests run several in one process). Every
 * name is documented in docs/deploy.md. Each node serves its own at GET /metrics; Prometheus scrapes every
 * node and sums.
 */
export class ServerMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'op' | 'outcome'>;
  private readonly requestSeconds: Histogram<'op'>;
  private readonly sends: Counter;
  private readonly acks: Counter;
  private readonly sendAckSeconds: Histogram;
  private readonly sendAckRecent = new RollingQuantiles({ windowMs: 30_000 });
  private readonly busMessages: Counter<'direction' | 'kind'>;
  private readonly busFailures: Counter<'kind'>;
  private readonly busRejected: Counter;
  private readonly busLag: Histogram;
  private readonly busUp: Gauge;

  constructor(nodeId: string, sources: MetricSources) {
    const registry = this.registry;
    registry.setDefaultLabels({ node: nodeId });
    collectDefaultMetrics({ register: registry, prefix: 'beatpass_process_' });
    new Gauge({
      name: 'beatpass_connections',
      help: 'Open WebSocket connections on this node, signed in or not.',
      registers: [registry],
      collect() {
        this.set(sources.connections());
      },
    });
    new Gauge({
      name: 'beatpass_online_users',
      help: 'Users with at least one live socket on this node.',
      registers: [registry],
      collect() {
        this.set(sources.signedIn());
      },
    });
    new Gauge({
      name: 'beatpass_thread_busy_seconds',
      help: "Time each thread's event loop has been busy since it started (event-loop utilization's active time): main = sockets and fan-out, store = SQLite and the handlers. Its rate over an interval is how loaded the thread was; a store thread near 1 is the limit.",
      labelNames: ['thread'],
      registers: [registry],
      collect() {
        for (const { thread, busyMs } of sources.threadsBusyMs()) this.set({ thread }, busyMs / 1000);
      },
    });
    this.requests = new Counter({
      name: 'beatpass_requests_total',
      help: 'WebSocket requests handled, by operation and outcome (ok, or the error code).',
      labelNames: ['op', 'outcome'],
      registers: [registry],
    });
    this.requestSeconds = new Histogram({
      name: 'beatpass_request_duration_seconds',
      help: 'Time to handle a WebSocket request, by operation.',
      labelNames: ['op'],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    });
    this.sends = new Counter({
      name: 'beatpass_sends_total',
      help: 'messages.send requests received (valid or not).',
      registers: [registry],
    });
    this.acks = new Counter({
      name: 'beatpass_acks_total',
      help: 'messages.send requests acknowledged: the message is durably stored (resends included).',
      registers: [registry],
    });
    this.sendAckSeconds = new Histogram({
      name: 'beatpass_send_ack_seconds',
      help: 'messages.send from arrival to the ack (stored and committed), for acked sends.',
      buckets: SEND_ACK_BUCKETS,
      registers: [registry],
    });
    const recent = this.sendAckRecent;
    // Registered and read only by the registry when scraped: nothing here sets it.
    new Gauge({
      name: 'beatpass_send_ack_quantile_seconds',
      help: 'messages.send to ack, p50 / p99 over about the last minute on this node (30-60 s of sends).',
      labelNames: ['quantile'],
      registers: [registry],
      // Computed when scraped, from counts kept per send (ops/rolling-quantiles.ts).
      collect() {
        for (const q of [0.5, 0.99]) this.set({ quantile: String(q) }, recent.quantile(q));
      },
    });
    this.busMessages = new Counter({
      name: 'beatpass_bus_messages_total',
      help: 'Redis bus messages published and received, by kind (events, wake, ephemeral, revoked).',
      labelNames: ['direction', 'kind'],
      registers: [registry],
    });
    this.busFailures = new Counter({
      name: 'beatpass_bus_publish_failures_total',
      help: 'Redis bus publishes that failed (Redis away); the users are woken once it is back.',
      labelNames: ['kind'],
      registers: [registry],
    });
    this.busRejected = new Counter({
      name: 'beatpass_bus_rejected_total',
      help: 'Bus messages refused on arrival (malformed or over the size cap).',
      registers: [registry],
    });
    this.busLag = new Histogram({
      name: 'beatpass_event_delivery_lag_seconds',
      help: 'Event-log lag: commit on one node to its wake-up handled on this one (Redis bus).',
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    });
    this.busUp = new Gauge({
      name: 'beatpass_bus_connected',
      help: '1 while this node hears the other nodes (Redis subscription live), else 0.',
      registers: [registry],
    });
  }

  /** The handlers, each timed and counted; messages.send also counts sends, acks and send→ack time. */
  instrument(handlers: OpHandlers): OpHandlers {
    const timed = {} as Record<Op, OpHandler<Op>>;
    for (const op of Object.keys(handlers) as Op[]) {
      const handler = handlers[op] as OpHandler<Op>;
      const isSend = op === 'messages.send';
      // The op's own series, looked up once (on first use, so an op never called shows no series):
      // passing labels on every call hashes and checks them again, on every send.
      let ok: { count: Counter.Internal; seconds: Histogram.Internal<'op'> } | undefined;
      timed[op] = async (caller, params) => {
        const started = performance.now();
        if (isSend) this.sends.inc();
        try {
          const result = await handler(caller, params);
          const seconds = (performance.now() - started) / 1000;
          ok ??= {
            count: this.requests.labels({ op, outcome: 'ok' }),
            seconds: this.requestSeconds.labels({ op }),
          };
          ok.count.inc();
          ok.seconds.observe(seconds);
          if (isSend) {
            this.acks.inc();
            this.sendAckSeconds.observe(seconds);
            this.sendAckRecent.observe(seconds);
          }
          return result;
        } catch (error) {
          const code = (error as { code?: unknown } | null)?.code;
          this.requests.inc({ op, outcome: typeof code === 'string' ? code : 'INTERNAL' });
          this.requestSeconds.observe({ op }, (performance.now() - started) / 1000);
          throw error;
        }
      };
    }
    return timed as OpHandlers;
  }

  /** The Redis bus's reports, as metrics. */
  busObserver(): BusObserver {
    return {
      published: (kind: WireKind) => this.busMessages.inc({ direction: 'out', kind }),
      publishFailed: (kind: WireKind) => this.busFailures.inc({ kind }),
      received: (kind: WireKind) => this.busMessages.inc({ direction: 'in', kind }),
      rejected: () => this.busRejected.inc(),
      deliveryLag: (seconds) => this.busLag.observe(seconds),
      connected: (up) => this.busUp.set(up ? 1 : 0),
    };
  }
}
