import { EventEmitter } from 'node:events';

/**
 * Named timing and trace events. Tests and benchmarks await these instead of sleeping; a shell may log
 * them. Every event carries the time it happened (`at`, from the core's clock) and a small detail object.
 */
export interface TraceDetails {
  'core.ready': { conversations: number };
  'conversations.listed': { count: number; source: 'cache' | 'server' };
  'conversation.opened': { conversationId: string; source: 'cache' | 'server'; messages: number };
  'connection.state': { status: string };
  'connection.welcome': { userId: string; latestSeq: number; resumeFromSeq: number | null };
  'event.applied': { seq: number; type: string; replayed: boolean };
  'caught-up': { seq: number };
  /** An event arrived past the next seq: the connection resumes from `lastSeq` (sync-engine.ts). */
  'sync.gap': { lastSeq: number; receivedSeq: number };
  'resync.started': { latestSeq: number };
  'resync.done': { conversations: number };
  'message.queued': { clientId: string; conversationId: string };
  'message.sent': { clientId: string; attempt: number };
  'message.acked': { clientId: string; messageId: string; duplicate: boolean };
  'message.retry-scheduled': { clientId: string; attempt: number; retryAt: number; code: string };
  'message.failed': { clientId: string; code: string };
  /** No ack within the deadline: shown as failed while the outbox keeps sending it. */
  'message.overdue': { clientId: string; code: string };
  'message.received': { messageId: string; conversationId: string; replayed: boolean };
  'notification.decided': { conversationId: string | null; show: boolean; reason: string; eventType: string };
  'badge.changed': { count: number };
  'outbox.idle': { pending: number };
  /** Something failed in the background (never named 'error': EventEmitter throws on an unheard 'error'). */
  'core.error': { where: string; message: string };
}

export type TraceName = keyof TraceDetails;
export type TraceEvent<N extends TraceName = TraceName> = { name: N; at: number } & TraceDetails[N];

export class Trace {
  readonly #emitter = new EventEmitter();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
    this.#emitter.setMaxListeners(0);
  }

  emit<N extends TraceName>(name: N, details: TraceDetails[N]): void {
    const event = { ...details, name, at: this.#now() } as TraceEvent<N>;
    this.#emitter.emit(name, event);
    this.#emitter.emit('*', event);
  }

  on<N extends TraceName>(name: N, listener: (event: TraceEvent<N>) => void): () => void {
    this.#emitter.on(name, listener);
    return () => this.#emitter.off(name, listener);
  }

  onAny(listener: (event: TraceEvent) => void): () => void {
    this.#emitter.on('*', listener);
    return () => this.#emitter.off('*', listener);
  }

  /**
   * Resolves with the first `name` event that matches `predicate`, emitted after this call. Rejects after
   * `timeoutMs` so a test that waits for something that never happens fails with a clear message.
   */
  waitFor<N extends TraceName>(
    name: N,
    predicate: (event: TraceEvent<N>) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<TraceEvent<N>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for trace event "${name}"`));
      }, timeoutMs);
      const off = this.on(name, (event) => {
        if (!predicate(event)) return;
        clearTimeout(timer);
        off();
        resolve(event);
      });
    });
  }
}
