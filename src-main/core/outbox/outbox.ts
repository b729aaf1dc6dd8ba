import { uuidv7 } from 'uuidv7';
import type { Message } from '../../../src-shared/domain.ts';
import { AppError } from '../../../src-shared/errors.ts';
import type { AnyErrorCode } from '../../../src-shared/errors.ts';
import { SEND_FAILS_AFTER_MS } from '../../../src-shared/ipc.ts';
import type { Cache } from '../cache/cache.ts';
import type { OutboxEntry } from '../cache/outbox-store.ts';
import type { Clock, Random, Timer } from '../clock.ts';
import { SEND_RETRY_BACKOFF, backoffDelay } from '../connection/backoff.ts';
import type { BackoffPolicy } from '../connection/backoff.ts';
import type { RequestApi } from '../connection/pending-requests.ts';
import { isRetryableFailure } from '../errors.ts';
import { storeMessage } from '../sync/apply-event.ts';
import type { SyncEffect } from '../sync/apply-event.ts';
import type { Trace } from '../trace.ts';
import type { Background } from '../unexpected.ts';

export interface OutboxOptions {
  cache: Cache;
  requests: RequestApi & { readonly isOnline: boolean };
  clock: Clock;
  random: Random;
  trace: Trace;
  background: Background;
  meId: () => string | null;
  /** An outbox row changed (queued, overdue, failed, retried, restored): tell the UI. */
  changed(entry: OutboxEntry): void;
  /** A conversation's count of failed messages may have changed (its row and the tray show it). */
  failuresChanged(conversationId: string): void;
  /** The server stored a message from the outbox; effects as if its event had been applied. */
  acked(effects: SyncEffect[]): void;
  /** Timed-out or server-side retryable attempts before a message is failed for good. */
  retryBudget?: number;
  backoff?: BackoffPolicy;
  /** How long a message may stay `sending` without an ack before it shows as failed. */
  ackTimeoutMs?: number;
  /** Sends in flight at once (default `SEND_WINDOW`); 1 sends one at a time. */
  sendWindow?: number;
}

/**
 * Sends in flight at once on the socket. The server takes up to 128 requests in flight per socket
 * (`TOO_MANY_IN_FLIGHT` past it) and keeps a socket's sends in arrival order; 64 leaves room for the
 * other requests (history, receipts) and is enough for 1,000 queued messages to go out in well under a
 * second (bench: core section, "outbox flush").
 */
export const SEND_WINDOW = 64;

/** While these hold, an attempt is not counted: the message waits for the next connection. */
const NOT_CONNECTED: ReadonlySet<AnyErrorCode> = new Set(['OFFLINE', 'DISCONNECTED', 'SIGNED_OUT']);
/** Discarded messages the user can still bring back (Undo), newest last. */
const UNDO_DEPTH = 20;

/** Failed in the UI: for good (`failed`), or overdue while the outbox keeps sending it. */
export function showsAsFailed(entry: OutboxEntry): boolean {
  return entry.state === 'failed' || entry.failure !== null;
}

/**
 * Sends what the user wrote, exactly once as far as the server can tell. Every message is written to the
 * outbox first, then sent in the order written, one at a time, with the same client id on every attempt
 * (the server returns the original on a resend).
 *
 * A visible failure within a stated time: a message the server has not acknowledged within
 * `ackTimeoutMs` (default `SEND_FAILS_AFTER_MS`) of being queued or retried becomes overdue. It shows as
 * failed, with `OFFLINE` (no connection), `TIMEOUT` (connected, no answer) or the server's last
 * retryable answer (`RATE_LIMITED`…), and `willRetry`, while the outbox keeps sending it by itself, in
 * order, and again after every reconnect. Its ack moves it on to `sent` (failed → sent is allowed: the
 * server had it). Retry (the user's) sends it now with a fresh budget and deadline.
 *
 * Timeouts and the server's retryable codes retry with backoff up to the budget; past the budget, and at
 * once for every other code, the message is failed for good with the server's reason, and only Retry
 * sends it again. While offline nothing is attempted and nothing counts against the budget.
 */
export class Outbox {
  readonly #o: OutboxOptions;
  readonly #budget: number;
  readonly #backoff: BackoffPolicy;
  readonly #ackTimeoutMs: number;
  /** Ack deadlines of the messages in `sending` that are not overdue yet, by client id. */
  readonly #deadlines = new Map<string, Timer>();
  /** The last retryable answer for a message in `sending`: the reason shown if its deadline passes. */
  readonly #lastFailure = new Map<string, AppError>();
  #discarded: OutboxEntry[] = [];
  readonly #window: number;
  /** Sends awaiting their answer, by client id; `close` waits for them so nothing touches the store after. */
  readonly #inFlight = new Map<string, Promise<void>>();
  /** Queue position of the last send started; the walk starts over (0) once nothing is in flight. */
  #cursor = 0;
  /**
   * Set by a retryable failure: no new send starts until those in flight are answered, then the queue is
   * walked from its head again (the failed one first, after its backoff), one send at a time until the
   * outbox is empty. A message waiting for its retry thus never has later ones overtake it.
   */
  #serial = false;
  #filling = false;
  #wakeTimer: Timer | null = null;
  #closed = false;

  constructor(options: OutboxOptions) {
    this.#o = options;
    this.#budget = options.retryBudget ?? 5;
    this.#backoff = options.backoff ?? SEND_RETRY_BACKOFF;
    this.#ackTimeoutMs = options.ackTimeoutMs ?? SEND_FAILS_AFTER_MS;
    this.#window = Math.max(1, options.sendWindow ?? SEND_WINDOW);
  }

  /** At start: messages left `sending` by the last run get a fresh deadline (overdue ones stay overdue). */
  start(): void {
    for (const entry of this.#o.cache.outbox.all())
      if (entry.state === 'sending' && entry.failure === null) this.#armDeadline(entry.clientId);
    this.kick();
  }

  /** Writes the message to the outbox (durably) and starts sending it. */
  enqueue(conversationId: string, body: string): OutboxEntry {
    const meId = this.#o.meId();
    if (meId === null) throw new AppError('SIGNED_OUT', 'Sign in to send messages.');
    const clientId = uuidv7();
    this.#o.cache.outbox.add({
      clientId,
      conversationId,
      authorId: meId,
      body,
      createdAt: this.#o.clock.now(),
    });
    const entry = this.#get(clientId, 'INTERNAL');
    this.#o.trace.emit('message.queued', { clientId, conversationId });
    this.#armDeadline(clientId);
    this.#o.changed(entry);
    this.kick();
    return entry;
  }

  /** The user's retry of a failed (or overdue) message: same client id, fresh budget and deadline, now. */
  retry(clientId: string): OutboxEntry {
    if (!this.#o.cache.outbox.resume(clientId, this.#o.clock.now()))
      throw new AppError('NOT_FOUND', 'There is no failed message with that id.');
    const entry = this.#get(clientId, 'NOT_FOUND');
    this.#armDeadline(clientId);
    this.#o.changed(entry);
    this.#o.failuresChanged(entry.conversationId);
    this.kick();
    return entry;
  }

  /**
   * Drops a message shown as failed and returns it; the last few can be brought back with `restore`. One
   * still within its deadline cannot be discarded. An overdue one can: if the server had stored it after
   * all, it shows up as sent when its event arrives.
   */
  discard(clientId: string): OutboxEntry {
    const entry = this.#o.cache.outbox.get(clientId);
    if (!entry || !showsAsFailed(entry))
      throw new AppError('NOT_FOUND', 'There is no failed message with that id.');
    this.#settle(clientId);
    this.#o.cache.outbox.remove(clientId);
    this.#discarded = [...this.#discarded.filter((e) => e.clientId !== clientId), entry].slice(-UNDO_DEPTH);
    this.#o.failuresChanged(entry.conversationId);
    return entry;
  }

  /** Undo of a discard: the message is back, failed, with its reason (and Retry, Edit, Discard). */
  restore(clientId: string): OutboxEntry {
    const discarded = this.#discarded.find((e) => e.clientId === clientId);
    if (!discarded || this.#o.cache.outbox.get(clientId))
      throw new AppError('NOT_FOUND', 'That message can no longer be restored.');
    this.#discarded = this.#discarded.filter((e) => e !== discarded);
    this.#o.cache.outbox.restoreFailed(discarded);
    const entry = this.#get(clientId, 'INTERNAL');
    this.#o.changed(entry);
    this.#o.failuresChanged(entry.conversationId);
    return entry;
  }

  /** Sends what is due now; call after enqueue, on welcome, and when a retry timer fires. */
  kick(): void {
    this.#fill();
  }

  /** Forgets deadlines and undo history (sign-out: the rows themselves go with the cache). */
  reset(): void {
    for (const timer of this.#deadlines.values()) timer.cancel();
    this.#deadlines.clear();
    this.#lastFailure.clear();
    this.#discarded = [];
    this.#wakeTimer?.cancel();
    this.#wakeTimer = null;
  }

  /**
   * Stops sending: no new attempt starts, and an attempt whose answer (or the connection's rejection)
   * arrives after this returns without touching the store, so the cache can be closed right after.
   * Resolves once every send in flight has ended (their failures, if any, are reported by the background
   * runner).
   */
  close(): Promise<void> {
    this.#closed = true;
    this.reset();
    const runs = [...this.#inFlight.values()];
    return Promise.allSettled(runs).then(() => undefined);
  }

  #get(clientId: string, missing: 'INTERNAL' | 'NOT_FOUND'): OutboxEntry {
    const entry = this.#o.cache.outbox.get(clientId);
    if (!entry) throw new AppError(missing, 'The outbox has no message with that id.');
    return entry;
  }

  #armDeadline(clientId: string): void {
    this.#deadlines.get(clientId)?.cancel();
    this.#lastFailure.delete(clientId);
    this.#deadlines.set(
      clientId,
      this.#o.clock.after(this.#ackTimeoutMs, () => this.#deadlinePassed(clientId)),
    );
  }

  #settle(clientId: string): void {
    this.#deadlines.get(clientId)?.cancel();
    this.#deadlines.delete(clientId);
    this.#lastFailure.delete(clientId);
  }

  #deadlinePassed(clientId: string): void {
    this.#deadlines.delete(clientId);
    const last = this.#lastFailure.get(clientId);
    this.#lastFailure.delete(clientId);
    const entry = this.#o.cache.outbox.get(clientId);
    if (!entry || entry.state !== 'sending') return;
    const seconds = Math.round(this.#ackTimeoutMs / 1000);
    const [code, message]: [AnyErrorCode, string] = last
      ? [last.code, last.message]
      : this.#o.requests.isOnline
        ? ['TIMEOUT', `The server did not confirm this message within ${seconds} s.`]
        : ['OFFLINE', 'Not connected to the server.'];
    this.#o.cache.outbox.markOverdue(clientId, code, message);
    this.#o.trace.emit('message.overdue', { clientId, code });
    this.#o.changed(this.#get(clientId, 'INTERNAL'));
    this.#o.failuresChanged(entry.conversationId);
  }

  /**
   * Starts sends, in write order, until the window is full. Each answer frees a slot and calls this again.
   * The server keeps one socket's sends in arrival order, so pipelining keeps every conversation's order;
   * a message not due yet (waiting for its retry) holds back everything behind it, as before.
   */
  #fill(): void {
    const { requests } = this.#o;
    // A trace or effect listener may kick while this loop runs: the loop itself picks up what is due.
    if (this.#filling || this.#closed || !requests.isOnline) return;
    this.#filling = true;
    try {
      this.#fillWindow();
    } finally {
      this.#filling = false;
    }
  }

  #fillWindow(): void {
    const { cache, clock, trace } = this.#o;
    if (this.#inFlight.size === 0) this.#cursor = 0;
    else if (this.#serial) return; // wait until everything in flight is answered
    const limit = this.#serial ? 1 : this.#window;
    while (this.#inFlight.size < limit) {
      const next = cache.outbox.nextAfter(this.#cursor);
      if (!next) {
        if (this.#inFlight.size === 0) {
          this.#serial = false;
          trace.emit('outbox.idle', { pending: 0 });
        }
        return;
      }
      const wait = next.entry.nextAttemptAt - clock.now();
      if (wait > 0) {
        // Nothing behind it may overtake it; sends already in flight are ahead of it.
        if (this.#inFlight.size === 0) {
          this.#wakeTimer?.cancel();
          this.#wakeTimer = clock.after(wait, () => this.kick());
        }
        return;
      }
      this.#cursor = next.position;
      const { clientId } = next.entry;
      const run = this.#attempt(next.entry).finally(() => {
        this.#inFlight.delete(clientId);
        this.#fill();
      });
      this.#inFlight.set(clientId, run);
      this.#o.background('outbox', run);
    }
  }

  async #attempt(entry: OutboxEntry): Promise<void> {
    const { cache, clock, requests, trace, random } = this.#o;
    const attempt = entry.attempts + 1;
    trace.emit('message.sent', { clientId: entry.clientId, attempt });
    let message: Message;
    let duplicate: boolean;
    try {
      ({ message, duplicate } = await requests.request('messages.send', {
        conversationId: entry.conversationId,
        clientId: entry.clientId,
        body: entry.body,
      }));
    } catch (error) {
      // Closing: the store may be closed already, and the row stays queued for the next start.
      if (this.#closed) return;
      const failure = AppError.from(error);
      // Settled by its event meanwhile, or discarded.
      if (!cache.outbox.get(entry.clientId)) return;
      if (NOT_CONNECTED.has(failure.code)) return; // resent after reconnect, not counted
      if (!isRetryableFailure(failure.code)) {
        this.#fail(entry, attempt, failure.code, failure.message);
        return;
      }
      if (attempt >= this.#budget) {
        this.#fail(
          entry,
          attempt,
          'RETRY_BUDGET_EXHAUSTED',
          `Gave up after ${attempt} attempt${attempt === 1 ? '' : 's'}: ${failure.message}`,
        );
        return;
      }
      if (failure.code !== 'TIMEOUT') this.#lastFailure.set(entry.clientId, failure);
      this.#serial = true;
      const delay = Math.max(backoffDelay(attempt - 1, this.#backoff, random), failure.retryAfterMs ?? 0);
      const at = clock.now() + delay;
      cache.outbox.scheduleRetry(entry.clientId, attempt, at);
      trace.emit('message.retry-scheduled', {
        clientId: entry.clientId,
        attempt,
        retryAt: at,
        code: failure.code,
      });
      return;
    }
    // Closing: the row stays queued, and the resend at the next start returns the stored original.
    if (this.#closed) return;
    this.#settle(entry.clientId);
    const meId = this.#o.meId();
    if (meId === null) return;
    // An overdue message moves on to `sent` here; its conversation's failed count follows through the
    // `conversation.changed` effect of storing it.
    const effects: SyncEffect[] = [];
    cache.transaction(() => {
      storeMessage(cache, meId, message, effects);
      cache.outbox.remove(entry.clientId);
    });
    if (!effects.some((e) => e.kind === 'outbox.settled'))
      effects.push({ kind: 'outbox.settled', clientId: entry.clientId, message });
    trace.emit('message.acked', { clientId: entry.clientId, messageId: message.id, duplicate });
    this.#o.acked(effects);
  }

  #fail(entry: OutboxEntry, attempts: number, code: AnyErrorCode, message: string): void {
    this.#settle(entry.clientId);
    this.#o.cache.outbox.fail(entry.clientId, attempts, code, message);
    this.#o.trace.emit('message.failed', { clientId: entry.clientId, code });
    const failed = this.#o.cache.outbox.get(entry.clientId);
    if (failed) this.#o.changed(failed);
    this.#o.failuresChanged(entry.conversationId);
  }
}
