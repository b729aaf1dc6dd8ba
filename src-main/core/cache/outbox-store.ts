import type { Database, Statement } from 'better-sqlite3';
import type { IpcErrorCode } from '../../../src-shared/ipc.ts';

/**
 * One unsent message. `state` is the outbox's own: `sending` while it is still being sent (by itself),
 * `failed` once only the user's Retry sends it again. A `sending` entry with a `failure` is overdue: no
 * ack within the deadline, shown as failed while the outbox keeps trying.
 */
export interface OutboxEntry {
  clientId: string;
  conversationId: string;
  authorId: string;
  body: string;
  state: 'sending' | 'failed';
  attempts: number;
  nextAttemptAt: number;
  failure: { code: IpcErrorCode; message: string } | null;
  createdAt: number;
}

interface OutboxRow {
  client_id: string;
  conversation_id: string;
  author_id: string;
  body: string;
  state: 'sending' | 'failed';
  attempts: number;
  next_attempt_at: number;
  failure_code: string | null;
  failure_message: string | null;
  created_at: number;
}

function fromRow(row: OutboxRow): OutboxEntry {
  return {
    clientId: row.client_id,
    conversationId: row.conversation_id,
    authorId: row.author_id,
    body: row.body,
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    // Written only by `fail` below, from an IpcErrorCode.
    failure:
      row.failure_code === null
        ? null
        : { code: row.failure_code as IpcErrorCode, message: row.failure_message ?? '' },
    createdAt: row.created_at,
  };
}

/** Messages written before sending and kept until the server acks them (or the user discards them). */
export class OutboxStore {
  readonly #insert: Statement;
  readonly #insertFailed: Statement;
  readonly #get: Statement<[string], OutboxRow>;
  readonly #nextDue: Statement<[], OutboxRow>;
  readonly #nextAfter: Statement<[number], OutboxRow & { position: number }>;
  readonly #ofConversation: Statement<[string], OutboxRow>;
  readonly #all: Statement<[], OutboxRow>;
  readonly #scheduleRetry: Statement;
  readonly #fail: Statement;
  readonly #overdue: Statement;
  readonly #resume: Statement;
  readonly #delete: Statement;
  readonly #count: Statement<[], { n: number }>;

  constructor(db: Database) {
    this.#insert = db.prepare(`
      INSERT INTO outbox (client_id, conversation_id, author_id, body, state, attempts, next_attempt_at, created_at)
      VALUES (@clientId, @conversationId, @authorId, @body, 'sending', 0, @createdAt, @createdAt)`);
    this.#insertFailed = db.prepare(`
      INSERT INTO outbox (client_id, conversation_id, author_id, body, state, attempts, next_attempt_at,
        failure_code, failure_message, created_at)
      VALUES (@clientId, @conversationId, @authorId, @body, 'failed', @attempts, @createdAt, @code, @message,
        @createdAt)`);
    this.#get = db.prepare('SELECT * FROM outbox WHERE client_id = ?');
    this.#nextDue = db.prepare("SELECT * FROM outbox WHERE state = 'sending' ORDER BY position LIMIT 1");
    this.#nextAfter = db.prepare(
      "SELECT * FROM outbox WHERE state = 'sending' AND position > ? ORDER BY position LIMIT 1",
    );
    this.#ofConversation = db.prepare('SELECT * FROM outbox WHERE conversation_id = ? ORDER BY position');
    this.#all = db.prepare('SELECT * FROM outbox ORDER BY position');
    this.#scheduleRetry = db.prepare(
      "UPDATE outbox SET attempts = @attempts, next_attempt_at = @at WHERE client_id = @clientId AND state = 'sending'",
    );
    this.#fail = db.prepare(
      "UPDATE outbox SET state = 'failed', attempts = @attempts, failure_code = @code, failure_message = @message WHERE client_id = @clientId",
    );
    this.#overdue = db.prepare(
      "UPDATE outbox SET failure_code = @code, failure_message = @message WHERE client_id = @clientId AND state = 'sending'",
    );
    this.#resume = db.prepare(
      "UPDATE outbox SET state = 'sending', attempts = 0, next_attempt_at = @at, failure_code = NULL, failure_message = NULL WHERE client_id = @clientId AND (state = 'failed' OR failure_code IS NOT NULL)",
    );
    this.#delete = db.prepare('DELETE FROM outbox WHERE client_id = ?');
    this.#count = db.prepare("SELECT count(*) AS n FROM outbox WHERE state = 'sending'");
  }

  add(entry: {
    clientId: string;
    conversationId: string;
    authorId: string;
    body: string;
    createdAt: number;
  }): void {
    this.#insert.run(entry);
  }

  /** Puts a discarded failed message back (the user's Undo), failed as it was. */
  restoreFailed(entry: OutboxEntry): void {
    this.#insertFailed.run({
      clientId: entry.clientId,
      conversationId: entry.conversationId,
      authorId: entry.authorId,
      body: entry.body,
      attempts: entry.attempts,
      createdAt: entry.createdAt,
      code: entry.failure?.code ?? 'INTERNAL',
      message: entry.failure?.message ?? '',
    });
  }

  get(clientId: string): OutboxEntry | null {
    const row = this.#get.get(clientId);
    return row ? fromRow(row) : null;
  }

  /** The oldest entry still to send (sent strictly in the order written). */
  head(): OutboxEntry | null {
    const row = this.#nextDue.get();
    return row ? fromRow(row) : null;
  }

  /**
   * The next entry still to send after `position` (0: from the start), with its position, so a pipelining
   * sender walks the queue in write order without rereading what it has in flight.
   */
  nextAfter(position: number): { entry: OutboxEntry; position: number } | null {
    const row = this.#nextAfter.get(position);
    return row ? { entry: fromRow(row), position: row.position } : null;
  }

  ofConversation(conversationId: string): OutboxEntry[] {
    return this.#ofConversation.all(conversationId).map(fromRow);
  }

  all(): OutboxEntry[] {
    return this.#all.all().map(fromRow);
  }

  pendingCount(): number {
    return this.#count.get()?.n ?? 0;
  }

  scheduleRetry(clientId: string, attempts: number, at: number): void {
    this.#scheduleRetry.run({ clientId, attempts, at });
  }

  fail(clientId: string, attempts: number, code: IpcErrorCode, message: string): void {
    this.#fail.run({ clientId, attempts, code, message });
  }

  /** No ack within the deadline: shown as failed with this reason, while the outbox keeps sending it. */
  markOverdue(clientId: string, code: IpcErrorCode, message: string): void {
    this.#overdue.run({ clientId, code, message });
  }

  /** The user's retry of a failed or overdue message: sending again, fresh budget, same client id. */
  resume(clientId: string, at: number): boolean {
    return this.#resume.run({ clientId, at }).changes > 0;
  }

  remove(clientId: string): boolean {
    return this.#delete.run(clientId).changes > 0;
  }
}
