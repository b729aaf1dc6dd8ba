import type { Kysely } from 'kysely';
import type { UserEvent } from '../../src-shared/protocol.ts';
import { executeSql } from '../store/direct-sqlite.ts';
import type { Database } from '../store/schema.ts';
import type { SequencedEvent } from './bus.ts';

/** Users whose counters stay loaded; beyond this the least recently used are dropped after a commit. */
const CAPACITY = 50_000;

const SELECT_SEQ = 'select "event_seq" from "users" where "id" = ?';
const UPDATE_SEQ = 'update "users" set "event_seq" = ? where "id" = ?';
const TRIM = 'delete from "events" where "user_id" = ? and "seq" <= ?';
const DATA_VERSION = 'pragma data_version';
/** Rows per INSERT when a group's events are written; a fixed text per row count, so each is prepared once. */
const ROWS_PER_INSERT = 32;
const insertEvents = Array.from(
  { length: ROWS_PER_INSERT + 1 },
  (_, n) =>
    `insert into "events" ("user_id", "seq", "payload", "created_at") values ${Array(n).fill('(?, ?, ?, ?)').join(', ')}`,
);

/**
 * Per-user event sequence numbers kept in memory, for SQLite's single writer: giving an event its seq costs
 * no statement, and `users.event_seq` is written once per user per group commit instead of once per event.
 *
 * Sound because every transaction that appends events on this connection runs through the group-commit
 * drain, one unit at a time (`UnitOfWorkRunner`), and the counters follow the transaction exactly:
 * - a counter is loaded lazily from `users.event_seq`, which is current for any user not yet touched in
 *   the open group (the group writes it back only before COMMIT);
 * - a unit whose savepoint is rolled back gets its users' counters back as they were before it;
 * - a group whose transaction fails forgets every counter (they reload from the rolled-back database);
 * - another connection that committed since our last group (the admin CLI, another process) is seen
 *   through `PRAGMA data_version` once the group holds the write lock (`BEGIN IMMEDIATE`), and every
 *   counter is forgotten;
 * - the events primary key (user_id, seq) still rejects a seq issued twice, whatever happens; the users of
 *   a unit that failed are reloaded after the commit, so even an unforeseen writer heals at once.
 */
export class MemorySeqs {
  /** Last seq issued per user, in least-recently-used order (Map order). */
  private readonly counters = new Map<string, number>();
  /** Users whose counter moved in the open group and must be written back before COMMIT. */
  private readonly dirty = new Set<string>();
  /** For the open unit: each touched user's counter and dirtiness before the unit first touched it. */
  private readonly undo = new Map<string, { seq: number; dirty: boolean }>();
  /** Users of failed units, reloaded from the database once the group is over. */
  private readonly suspect = new Set<string>();
  /**
   * The open group's event rows, flattened (user_id, seq, payload, created_at per row), written by `flush`
   * before COMMIT; the open unit's rows are those from `unitStart` on.
   */
  private pending: unknown[] = [];
  private unitStart = 0;
  private dataVersion: number | null = null;

  /**
   * Call right after BEGIN IMMEDIATE: drops every counter if another connection has committed since (or
   * on the first group), and says whether it did.
   */
  async beginGroup(trx: Kysely<Database>): Promise<boolean> {
    const result = await executeSql<{ data_version: number }>(trx, DATA_VERSION);
    const version = Number(result.rows[0]?.data_version);
    const foreignCommit = version !== this.dataVersion;
    if (foreignCommit) this.counters.clear();
    this.dataVersion = version;
    this.pending = [];
    return foreignCommit;
  }

  beginUnit(): void {
    this.undo.clear();
    this.unitStart = this.pending.length;
  }

  /** The unit's savepoint was released: its counters and event rows stand. */
  keepUnit(): void {
    this.undo.clear();
  }

  /** The unit's savepoint was rolled back: so are the counters it moved, and its event rows are dropped. */
  undoUnit(): void {
    this.pending.length = this.unitStart;
    for (const [userId, before] of this.undo) {
      this.counters.set(userId, before.seq);
      if (!before.dirty) this.dirty.delete(userId);
      this.suspect.add(userId);
    }
    this.undo.clear();
  }

  /** Gives `event` each user's next seq (a user listed twice gets two); the rows follow in `flush`. */
  async append(
    trx: Kysely<Database>,
    userIds: readonly string[],
    event: UserEvent,
    now: number,
  ): Promise<SequencedEvent[]> {
    const payload = JSON.stringify(event);
    const appended: SequencedEvent[] = [];
    for (const userId of userIds) {
      const seq = (await this.current(trx, userId)) + 1;
      if (!this.undo.has(userId)) this.undo.set(userId, { seq: seq - 1, dirty: this.dirty.has(userId) });
      this.counters.delete(userId);
      this.counters.set(userId, seq);
      this.dirty.add(userId);
      this.pending.push(userId, seq, payload, now);
      appended.push({ userId, seq, event, payload });
    }
    return appended;
  }

  /**
   * Just before COMMIT, in the group's transaction: inserts the events of every unit kept, 32 rows a
   * statement (a statement per unit cost more than its rows), writes each moved counter to
   * `users.event_seq`, and deletes what falls out of each user's window of `keep` events, so the window is
   * exact at every commit. The events primary key checks the rows here: a seq issued twice (never seen;
   * the guard against a bug or an unseen writer) fails the whole group, which then forgets every counter
   * (`abandoned`) and reloads them from the database.
   */
  async flush(trx: Kysely<Database>, keep: number): Promise<void> {
    const values = this.pending;
    this.pending = [];
    for (let at = 0; at < values.length; at += ROWS_PER_INSERT * 4) {
      const chunk = values.slice(at, at + ROWS_PER_INSERT * 4);
      await executeSql(trx, insertEvents[chunk.length / 4] ?? '', chunk);
    }
    for (const userId of this.dirty) {
      const seq = this.counters.get(userId) ?? 0;
      await executeSql(trx, UPDATE_SEQ, [seq, userId]);
      if (seq > keep) await executeSql(trx, TRIM, [userId, seq - keep]);
    }
  }

  /** The group committed. */
  committed(): void {
    this.dirty.clear();
    for (const userId of this.suspect) this.counters.delete(userId);
    this.suspect.clear();
    for (const userId of this.counters.keys()) {
      if (this.counters.size <= CAPACITY) break;
      this.counters.delete(userId);
    }
  }

  /** The group's transaction failed and was rolled back: nothing it counted happened. */
  abandoned(): void {
    this.pending = [];
    this.counters.clear();
    this.dirty.clear();
    this.undo.clear();
    this.suspect.clear();
  }

  private async current(trx: Kysely<Database>, userId: string): Promise<number> {
    const known = this.counters.get(userId);
    if (known !== undefined) return known;
    const result = await executeSql<{ event_seq: number }>(trx, SELECT_SEQ, [userId]);
    const row = result.rows[0];
    if (!row) throw new Error(`event log: no user ${userId}`);
    const seq = Number(row.event_seq);
    this.counters.set(userId, seq);
    return seq;
  }
}
