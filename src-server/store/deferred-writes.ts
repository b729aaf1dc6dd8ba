/**
 * Writes held back inside a group commit's transaction until a statement could see them (SQLite).
 *
 * A conversation busy with messages gets the same two writes for each of them: its row (the latest seq,
 * message and activity time) and its author's read mark. Each sets absolute values on one row, so when a
 * group holds several messages of a conversation only the last of each write counts, and it is enough to
 * run that one. Until it runs the read memo answers for those rows (read-memo.ts: the writer puts what it
 * wrote), so the group's own sends never read them from SQLite.
 *
 * A held write runs before any statement that names one of the read memo's row-keyed tables (a read or write of those
 * rows in SQL), before COMMIT, and before SAVEPOINT, RELEASE and ROLLBACK TO (so a unit's savepoint
 * covers its writes and undoes them if it fails). BEGIN and a plain ROLLBACK drop whatever is held: the
 * transaction it belonged to is gone. Statements that name neither table (a message's row, the group's
 * event rows, the users' event counters) pass without running them; a foreign key on a conversation's
 * id only checks that the row exists, which a held write never changes.
 */
import { ROW_KEYED_TABLES } from './read-memo.ts';
import type { WriteEffect } from './read-memo.ts';

/** What a statement does to the writes held before it, read off its SQL once, when it is prepared. */
export type DeferralBarrier = 'pass' | 'flush' | 'discard';

const NAMES_DEFERRABLE = new RegExp(String.raw`\b(?:${ROW_KEYED_TABLES.join('|')})\b`, 'i');

export function deferralBarrier(sql: string): DeferralBarrier {
  if (/^\s*begin\b/i.test(sql)) return 'discard';
  if (/^\s*rollback\s+(?:transaction\s+)?to\b/i.test(sql)) return 'flush';
  if (/^\s*rollback\b/i.test(sql)) return 'discard';
  if (/^\s*(?:commit|end|savepoint|release)\b/i.test(sql)) return 'flush';
  return NAMES_DEFERRABLE.test(sql) ? 'flush' : 'pass';
}

/**
 * For a write that may be held, the index of its first parameter that says which rows it writes (holds
 * with the same SQL and the same values from there on are of the same row); null for any other. It must
 * be pinned to one row key of a row-keyed table and set nothing but parameters: a later hold then replaces
 * an earlier one, where one computed from the row (`seq = seq + 1`) could not, since each counts.
 */
export function heldRowsFrom(effect: WriteEffect): number | null {
  if (effect.kind !== 'write' || effect.rowKeyParameter === null || !effect.setsParametersOnly) return null;
  return effect.columns?.length ?? null;
}

/** The writes held on one connection, by what they write (a later write of the same key replaces one). */
export class DeferredWrites {
  private readonly held = new Map<string, () => void>();

  get size(): number {
    return this.held.size;
  }

  hold(key: string, run: () => void): void {
    this.held.set(key, run);
  }

  /** Before a statement with `barrier`: runs what is held, or drops it. */
  settle(barrier: DeferralBarrier): void {
    if (this.held.size === 0 || barrier === 'pass') return;
    const runs = [...this.held.values()];
    this.held.clear();
    // Dropped first: a write that fails fails the statement that needed it, and is not tried again.
    if (barrier === 'flush') for (const run of runs) run();
  }
}
