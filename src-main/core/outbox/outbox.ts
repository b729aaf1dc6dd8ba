import { uuidv7 } from 'uuidv7';
import type { Message } from '../../../src-shared/domain.ts';
import type { Cache } from '../cache/cache.ts';
import type { OutboxEntry } from '../cache/outbox-store.ts';
import type { Clock, Random, Timer } from '../clock.ts';
import { SEND_RETRY_BACKOFF, backoffDelay } from '../connection/backoff.ts';
import type { BackoffPolicy } from '../connection/backoff.ts';
import type { RequestApi } from '../connection/pending-requests.ts';
import { AppError } from '../../../src-shared/errors.ts';
import type { AnyErrorCode } from '../../../src-shared/errors.ts';
import { isRetryableFailure } from '../errors.ts';
import { storeMessage } from '../sync/apply-event.ts';
import type { SyncEffect } from '../sync/apply-event.ts';
import type { Trace } from '../trace.ts';

export interface OutboxOptions {
  cache: Cache;
  requests: RequestApi & { readonly isOnline: boolean };
  clock: Clock;
  random: Random;
  trace: Trace;
  meId: () => string | null;
  /** An outbox row changed (queued, failed, retried) or was settled: tell the UI. */
  changed(entry: OutboxEntry): void;
  /** The server stored a message from the outbox; effects as if its event had been applied. */
  acked(effects: SyncEffect[]): void;
  /** Timed-out or server-side retryable attempts before a message becomes `failed`. */
  retryBudget?: number;
  backoff?: BackoffPolicy;
}

const TRANSPORT_CODES = new Set(['OFFLINE', 'DISCONNECTED', 'SIGNED_OUT']);

/**
 * Sends what the user wrote, exactly once as far as the server can tell. Every message is written to the
 * outbox first, then sent in the order written, one at a time, with the same client id on every attempt
 * (the server returns the original on a resend). While offline nothing is attempted and nothing counts
 * against the retry budget; a dropped connection mid-send resends after reconnect. Timeouts and the
 * server's retryable codes retry with backoff up to the budget; every other code fails the message at
 * once with the server's reason.
 */
export class Outbox {
  readonly #o: OutboxOptions;
  readonly #budget: number;
  readonly #backoff: BackoffPolicy;
  #pumping = false;
  #wakeTimer: Timer | null = null;
  #closed = false;

  constructor(options: OutboxOptions) {
    this.#o = options;
    this.#budget = options.retryBudget ?? 5;
    this.#backoff = options.backoff ?? SEND_RETRY_BACKOFF;
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
    const entry = this.#o.cache.outbox.get(clientId);
    if (!entry) throw new AppError('INTERNAL', 'The outbox lost a message it just stored.');
    this.#o.trace.emit('message.queued', { clientId, conversationId });
    this.#o.changed(entry);
    this.kick();
    return entry;
  }

  /** The user's retry of a failed message: same client id, fresh budget. */
  retry(clientId: string): OutboxEntry {
    if (!this.#o.cache.outbox.resume(clientId, this.#o.clock.now())) {
      throw new AppError('NOT_FOUND', 'There is no failed message with that id.');
    }
    const entry = this.#o.cache.outbox.get(clientId);
    if (!entry) throw new AppError('NOT_FOUND', 'There is no failed message with that id.');
    this.#o.changed(entry);
    this.kick();
    return entry;
  }

  /** Drops a failed message (one still sending may already be on the server, so it cannot be discarded). */
  discard(clientId: string): OutboxEntry {
    const entry = this.#o.cache.outbox.get(clientId);
    if (!entry || entry.state !== 'failed')
      throw new AppError('NOT_FOUND', 'There is no failed message with that id.');
    this.#o.cache.outbox.remove(clientId);
    return entry;
  }

  /** Sends what is due now; call after enqueue, on welcome, and when a retry timer fires. */
  kick(): void {
    if (this.#pumping || this.#closed) return;
    this.#pumping = true;
    void this.#pump().finally(() => {
      this.#pumping = false;
    });
  }

  close(): void {
    this.#closed = true;
    this.#wakeTimer?.cancel();
  }

  async #pump(): Promise<void> {
    const { cache, clock, requests, trace } = this.#o;
    for (;;) {
      if (this.#closed || !requests.isOnline) return;
      const head = cache.outbox.head();
      if (!head) {
        trace.emit('outbox.idle', { pending: 0 });
        return;
      }
      const wait = head.nextAttemptAt - clock.now();
      if (wait > 0) {
        this.#wakeTimer?.cancel();
        this.#wakeTimer = clock.after(wait, () => this.kick());
        return;
      }
      await this.#attempt(head);
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
      const failure = AppError.from(error);
      if (!cache.outbox.get(entry.clientId)) return; // settled by its event meanwhile
      if (TRANSPORT_CODES.has(failure.code)) return; // resent after reconnect, not counted
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
    const meId = this.#o.meId();
    if (meId === null) return;
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
    this.#o.cache.outbox.fail(entry.clientId, attempts, code, message);
    this.#o.trace.emit('message.failed', { clientId: entry.clientId, code });
    const failed = this.#o.cache.outbox.get(entry.clientId);
    if (failed) this.#o.changed(failed);
  }
}
