import type { Transaction } from 'kysely';
import type { UserEvent } from '../../src-shared/protocol.ts';
import type { Logger } from '../log.ts';
import type { Db, Dialect } from '../store/database.ts';
import type { Database } from '../store/schema.ts';
import type { EventBus, SequencedEvent } from './bus.ts';
import { MemorySeqs } from './memory-seqs.ts';
import { appendPendingEvents } from './pg-event-log.ts';
import type { PendingEvent } from './pg-event-log.ts';
import { executeSql, inTransaction, statementsRun, verifyReadMemo } from '../store/direct-sqlite.ts';
import { durableOnCommit } from '../store/durability.ts';
import type { Durability } from '../store/durability.ts';

/** What a handler's transaction can do: query, and record events for users. */
export interface Work {
  readonly trx: Transaction<Database>;
  /** For the few statements written once per store, where PostgreSQL does in one round trip what SQLite does in two. */
  readonly dialect: Dialect;
  readonly now: number;
  emit(userId: string, event: UserEvent): Promise<void>;
  /** Emits the same event to each user; each gets its own seq. */
  emitAll(userIds: Iterable<string>, event: UserEvent): Promise<void>;
}

/**
 * Who a unit of work is for, when the caller wants its order kept: units of one `connectionId` (one
 * socket's pipelined sends) run in the order they were queued, on either store; `userId` is what a group
 * commit shares fairly.
 */
export interface UnitOwner {
  readonly userId: string;
  readonly connectionId: string;
}

interface Queued {
  fn: (work: Work) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  /** The owner's user id, or '' for a unit nobody owns. */
  userId: string;
}

export const GROUP_COMMIT = {
  /** Most units of work one group commit takes; bounds how long a batch holds the writer. */
  maxUnits: 128,
  /**
   * Most units of one user in one group. A user with a backlog (many pipelined sends, or a flood) shares
   * each group with everyone else instead of filling it: the others' units never wait behind more than
   * this many of theirs, and the rest of the backlog waits in order for the next group.
   */
  maxUnitsPerUser: 16,
} as const;
/** A unit's outcome in its group: its value and events once committed, or what it failed with. */
type Outcome = { ok: true; value: unknown; events: SequencedEvent[] } | { ok: false; error: unknown };

/** PostgreSQL: attempts at a unit that keeps losing deadlocks or serialization conflicts. */
const MAX_ATTEMPTS = 5;

/** PostgreSQL's "try again" errors: deadlock_detected and serialization_failure. */
function isTransient(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001';
}

/**
 * Runs each unit of work in a transaction and publishes the events it recorded only after COMMIT: a
 * wake-up never announces an event that could still be rolled back.
 *
 * On SQLite (one writer, and a durable COMMIT costs an fsync) units that arrive together share one
 * transaction: a *group commit*. A unit that fails (a broken rule) rolls back only its own writes, and
 * each caller still hears back only once the COMMIT that made its change is on disk (the sync runs off
 * the event loop, and the next group meanwhile). PostgreSQL does its own group commit across connections, so there each unit gets a
 * transaction of its own and they run concurrently; a unit's events are numbered and stored at its end, in
 * one statement (pg-event-log.ts), so its counter rows stay locked only from there to COMMIT.
 */
export class UnitOfWorkRunner {
  private readonly db: Db;
  private readonly dialect: Dialect;
  private readonly bus: EventBus;
  private readonly retention: number;
  private readonly log: Pick<Logger, 'error'> | null;
  private readonly durability: Durability;
  private queue: Queued[] = [];
  private draining = false;
  /** PostgreSQL: the last unit queued per lane (connection), which the lane's next unit waits for. */
  private readonly lanes = new Map<string, Promise<void>>();
  /** SQLite's per-user seqs, held in memory between group commits (PostgreSQL counts in the database). */
  private readonly seqs = new MemorySeqs();
  /** PostgreSQL units run again after a deadlock or serialization conflict (for metrics and tests). */
  retried = 0;
  /** SQLite groups run again with a savepoint per unit, after a unit failed having written (for tests). */
  rerunWithSavepoints = 0;

  /**
   * `retention`: events kept per user; older ones are deleted in the transaction that outdates them.
   * `log`: where a failed ROLLBACK is reported (stderr without one, as in tests that build a bare runner).
   * `durability`: when a committed group is on disk (the store's; see store/wal-sync.ts).
   */
  constructor(
    db: Db,
    dialect: Dialect,
    bus: EventBus,
    retention = Number.POSITIVE_INFINITY,
    log: Pick<Logger, 'error'> | null = null,
    durability: Durability = durableOnCommit,
  ) {
    this.db = db;
    this.dialect = dialect;
    this.bus = bus;
    this.retention = retention;
    this.log = log;
    this.durability = durability;
  }

  /**
   * Runs `fn` in a transaction and resolves with its result once that transaction is committed. The unit
   * is queued before `run` returns (its order among units is fixed then): a socket's pipelined sends rely
   * on it (realtime/request-pipeline.ts). With an `owner`, units of one connection run in queue order on
   * PostgreSQL too, each after the one before it has committed.
   */
  run<T>(fn: (work: Work) => Promise<T>, owner?: UnitOwner): Promise<T> {
    if (this.dialect === 'postgres') {
      return owner ? this.runInLane(owner.connectionId, fn) : this.runAlone(fn);
    }
    return new Promise<T>((resolve, reject) => {
      this.queue.push({
        fn,
        resolve: resolve as (value: unknown) => void,
        reject,
        userId: owner?.userId ?? '',
      });
      if (!this.draining) {
        // Start on the next turn of the event loop, not now. Statements run synchronously, so a group
        // started at once would only ever hold this one unit; by the check phase every request read from
        // the sockets in the same poll has queued its unit, and they share one COMMIT (one fsync).
        // The drain answers for itself, for every unit of every group: it is nobody's tracked answer.
        this.draining = true;
        this.durability.untracked(() => setImmediate(() => void this.drain()));
      }
    });
  }

  /**
   * PostgreSQL: units of one lane (a socket) one after another, in the order they were queued, so its
   * pipelined sends take their conversation seqs in the order they were sent; other lanes run beside it.
   */
  private runInLane<T>(lane: string, fn: (work: Work) => Promise<T>): Promise<T> {
    const before = this.lanes.get(lane) ?? Promise.resolve();
    const result = before.then(() => this.runAlone(fn));
    // The lane waits for the outcome, not the value: a failed unit is its caller's to handle (through
    // `result`), and the next unit of the lane runs all the same.
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    this.lanes.set(lane, settled);
    void settled.then(() => {
      if (this.lanes.get(lane) === settled) this.lanes.delete(lane);
    });
    return result;
  }

  /**
   * PostgreSQL: one transaction per unit, run again (at most a few times) if PostgreSQL ended it to break a
   * deadlock or a serialization conflict. Nothing of a failed attempt was stored or published, so the
   * next attempt starts clean; a unit is only ever code that writes through its transaction.
   */
  private async runAlone<T>(fn: (work: Work) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      const recorded: SequencedEvent[] = [];
      try {
        const result = await this.db.transaction().execute(async (trx) => {
          // The unit's events are numbered and stored once it is done, in one statement (pg-event-log.ts).
          const pending: PendingEvent[] = [];
          const now = Date.now();
          const value = await fn(this.postgresWork(trx, now, pending));
          recorded.push(...(await appendPendingEvents(trx, pending, now, this.retention)));
          return value;
        });
        this.publish(recorded);
        return result;
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !isTransient(error)) throw error;
        this.retried += 1;
        // A little jitter, so the transactions that collided do not collide again in lock step.
        await new Promise<void>((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
      }
    }
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const group = this.takeGroup();
        await this.runGroup(group);
        // Back to the event loop before the next group. Statements never yield, so without this a backlog
        // is drained group after group in one run of microtasks: no socket is read (the next group could
        // be fuller), no timer fires, and the frames corked for this group's sockets (events, then the
        // responses its callers send) wait for the whole backlog instead of leaving now.
        if (this.queue.length > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } finally {
      this.draining = false;
    }
  }

  /**
   * The next group: units in queue order, at most `maxUnits`, and at most `maxUnitsPerUser` of any one
   * user; the units passed over stay queued in their order. A user's units keep their order (a later one
   * is never taken before an earlier one is), so a socket's sends still commit in the order they arrived.
   */
  private takeGroup(): Queued[] {
    const group: Queued[] = [];
    const rest: Queued[] = [];
    const perUser = new Map<string, number>();
    for (const item of this.queue) {
      const taken = perUser.get(item.userId) ?? 0;
      const full =
        group.length >= GROUP_COMMIT.maxUnits ||
        (item.userId !== '' && taken >= GROUP_COMMIT.maxUnitsPerUser);
      if (full) {
        rest.push(item);
        // Once a user is passed over, none of their later units may go ahead of it.
        if (item.userId !== '') perUser.set(item.userId, Number.POSITIVE_INFINITY);
        continue;
      }
      if (item.userId !== '') perUser.set(item.userId, taken + 1);
      group.push(item);
    }
    this.queue = rest;
    return group;
  }

  /**
   * Runs and commits one group. Its callers hear back, and its events are published, once the COMMIT is on
   * disk; the drain does not wait for that (the store syncs off the event loop, store/wal-sync.ts), so the
   * next group runs while this one syncs, and one sync can cover both. Syncs finish in order, so groups
   * are answered and published in the order they committed.
   */
  private async runGroup(group: Queued[]): Promise<void> {
    let outcomes: Outcome[];
    try {
      // Without savepoints first where units can be told apart by what they ran (store/direct-sqlite.ts).
      const tryBare = statementsRun(this.db) !== null;
      outcomes =
        (tryBare ? await this.attempt(group, false) : null) ?? (await this.attemptWithSavepoints(group));
    } catch (error) {
      // The transaction itself failed (disk full, I/O error): nothing in the group was stored.
      this.seqs.abandoned();
      for (const item of group) item.reject(error);
      return;
    }
    const committed = this.durability.mark();
    void this.durability.until(committed).then(
      () => this.settle(group, outcomes),
      // The sync failed: the group may not be on disk, and every caller hears so (store/wal-sync.ts).
      (error: unknown) => {
        for (const item of group) item.reject(error);
      },
    );
  }

  private settle(group: Queued[], outcomes: Outcome[]): void {
    const committed: SequencedEvent[] = [];
    group.forEach((item, index) => {
      const outcome = outcomes[index];
      if (!outcome) return;
      if (outcome.ok) {
        committed.push(...outcome.events);
        item.resolve(outcome.value);
      } else {
        item.reject(outcome.error);
      }
    });
    this.publish(committed);
  }

  private async attemptWithSavepoints(group: Queued[]): Promise<Outcome[]> {
    const outcomes = await this.attempt(group, true);
    if (!outcomes) throw new Error('group commit: an attempt with savepoints cannot be given up');
    return outcomes;
  }

  /**
   * One attempt at a group, in one transaction; each caller's outcome, or null when the attempt was
   * rolled back to be run again with savepoints.
   *
   * `savepoints` false: units run without a savepoint each (a savepoint and its release were two
   * statements per unit). A unit that fails having run no statement for its effects (every rule of a send
   * is checked before its first write; a resend's row is refused by a unique index, and SQLite undoes the
   * failed statement itself) leaves nothing to undo. One that fails after a write would leave it in the
   * group: the attempt is rolled back and the caller runs the group again with a savepoint per unit, where
   * a failed unit's writes are rolled back alone. So a unit may run twice, as on PostgreSQL after a
   * deadlock; nothing of an attempt rolled back was stored or published.
   */
  private async attempt(group: Queued[], savepoints: boolean): Promise<Outcome[] | null> {
    const outcomes: Outcome[] = [];
    const { seqs } = this;
    // BEGIN IMMEDIATE (store/server-sqlite-dialect.ts): the group holds the write lock from here to COMMIT.
    const trx = await this.db.startTransaction().execute();
    try {
      // The same check tells the read memo whether another connection has written (store/read-memo.ts).
      verifyReadMemo(trx, await seqs.beginGroup(trx));
      for (const item of group) {
        const events: SequencedEvent[] = [];
        // Plain statements on the transaction: Kysely's savepoint API compiles each command afresh.
        if (savepoints) await executeSql(trx, 'savepoint "unit"');
        seqs.beginUnit();
        const runsBefore = statementsRun(trx);
        try {
          const value = await item.fn(this.sqliteWork(trx, Date.now(), events));
          if (savepoints) await executeSql(trx, 'release "unit"');
          seqs.keepUnit();
          outcomes.push({ ok: true, value, events });
        } catch (error) {
          if (savepoints) {
            await executeSql(trx, 'rollback to "unit"');
            await executeSql(trx, 'release "unit"');
          } else if (statementsRun(trx) !== runsBefore) {
            await trx.rollback().execute();
            seqs.abandoned();
            this.rerunWithSavepoints += 1;
            return null;
          } else if (!inTransaction(trx)) {
            // SQLite ended the transaction itself (a full disk, an I/O error): the group has failed.
            throw error;
          }
          seqs.undoUnit();
          outcomes.push({ ok: false, error });
        }
      }
      await seqs.flush(trx, this.retention);
      await trx.commit().execute();
      seqs.committed();
      return outcomes;
    } catch (error) {
      // The group's own failure is what its callers hear; a ROLLBACK that fails as well is a second,
      // separate fault (the connection may still be inside the transaction, so the next BEGIN fails
      // too): it is reported here, where it happened, with the failure that led to it.
      await trx
        .rollback()
        .execute()
        .catch((rollbackError: unknown) => this.reportRollbackFailure(rollbackError, error));
      throw error;
    }
  }

  private reportRollbackFailure(rollbackError: unknown, cause: unknown): void {
    const message = 'group commit: ROLLBACK failed after the group itself failed';
    if (this.log) this.log.error({ err: rollbackError, cause }, message);
    else console.error(message, rollbackError, 'after', cause);
  }

  /** SQLite: events take their seqs from memory at once; their rows are written before the group's COMMIT. */
  private sqliteWork(trx: Transaction<Database>, now: number, recorded: SequencedEvent[]): Work {
    return {
      trx,
      dialect: 'sqlite',
      now,
      emit: async (userId, event) => {
        recorded.push(...(await this.seqs.append(trx, [userId], event, now)));
      },
      emitAll: async (userIds, event) => {
        recorded.push(...(await this.seqs.append(trx, [...userIds], event, now)));
      },
    };
  }

  /** PostgreSQL: events wait for the end of the unit, where they are numbered and stored in one go. */
  private postgresWork(trx: Transaction<Database>, now: number, pending: PendingEvent[]): Work {
    return {
      trx,
      dialect: 'postgres',
      now,
      emit: async (userId, event) => {
        pending.push({ userIds: [userId], event });
      },
      emitAll: async (userIds, event) => {
        pending.push({ userIds: [...userIds], event });
      },
    };
  }

  private publish(recorded: SequencedEvent[]): void {
    if (recorded.length === 0) return;
    this.bus.publish(recorded);
  }
}
