/**
 * Rows the store thread's connection read inside a group commit, remembered until a statement that could
 * change them runs. On the send path the author's mute flag and the pair's blocks are read for every
 * message and written almost never; they were 8 % of the statements' time (docs/bench.md).
 *
 * What keeps an entry true, with no list of writers to maintain:
 * - every statement that could write passes through here first (statement-cache.ts), and its SQL says
 *   which table it changes and, for an UPDATE, which columns: an entry depends on a table (any change to
 *   it) or on some of its columns (an UPDATE of others leaves it alone; an INSERT or DELETE does not);
 *   the schema has no triggers and no cascading foreign keys, so a statement changes only its own table;
 * - a statement whose effect cannot be read from its SQL, a ROLLBACK (to a savepoint or of the whole
 *   transaction), forgets everything;
 * - other connections (the main thread's, the admin CLI) are seen through `PRAGMA data_version`, which
 *   the group commit reads once it holds the write lock (events/memory-seqs.ts): the memo serves reads
 *   only in a transaction whose group has checked it (`verify`), and forgets everything when it moved.
 */

/** What a read depends on: a whole table, or some columns of it. */
export interface MemoDependency {
  readonly table: string;
  readonly columns?: readonly string[];
}

/** What a statement that could write does to the memo (`statementEffect`, once per prepared statement). */
export type WriteEffect =
  | { readonly kind: 'write'; readonly table: string; readonly columns: readonly string[] | null }
  | { readonly kind: 'transaction' }
  | { readonly kind: 'rollback' }
  | { readonly kind: 'rollbackToSavepoint' }
  | { readonly kind: 'none' }
  | { readonly kind: 'unknown' };

interface Entry {
  readonly epoch: number;
  readonly stamps: readonly number[];
  readonly value: unknown;
}

/** Entries kept at most; past it the memo starts again (each entry is a few small strings). */
const MAX_ENTRIES = 20_000;

const NAME = String.raw`"?([A-Za-z_]\w*)"?`;
const INSERT = new RegExp(String.raw`^\s*(?:insert(?:\s+or\s+\w+)?|replace)\s+into\s+${NAME}`, 'i');
const DELETE = new RegExp(String.raw`^\s*delete\s+from\s+${NAME}`, 'i');
const UPDATE = new RegExp(String.raw`^\s*update(?:\s+or\s+\w+)?\s+${NAME}\s+set\s+([\s\S]*)$`, 'i');
const ASSIGNED = /(?:^|,)\s*"?([A-Za-z_]\w*)"?\s*=/g;

/** What a statement that could write does to the memo, read from its SQL. */
export function statementEffect(sql: string): WriteEffect {
  if (/^\s*(?:begin|commit|end)\b/i.test(sql)) return { kind: 'transaction' };
  if (/^\s*rollback\s+(?:transaction\s+)?to\b/i.test(sql)) return { kind: 'rollbackToSavepoint' };
  if (/^\s*rollback\b/i.test(sql)) return { kind: 'rollback' };
  if (/^\s*(?:savepoint|release|pragma)\b/i.test(sql)) return { kind: 'none' };
  const insert = INSERT.exec(sql) ?? DELETE.exec(sql);
  if (insert?.[1]) return { kind: 'write', table: insert[1].toLowerCase(), columns: null };
  const update = UPDATE.exec(sql);
  if (update?.[1] && update[2] !== undefined) {
    const table = update[1].toLowerCase();
    const assignments = update[2].split(/\s(?:where|returning|from)\s/i)[0] ?? '';
    // Anything but `column = value, …` (a function call, a subquery, a row value): the whole table.
    if (/[()]/.test(assignments)) return { kind: 'write', table, columns: null };
    const columns = [...assignments.matchAll(ASSIGNED)].map((m) => (m[1] ?? '').toLowerCase());
    return { kind: 'write', table, columns: columns.length > 0 ? columns : null };
  }
  return { kind: 'unknown' };
}

export class ReadMemo {
  private readonly entries = new Map<string, Entry>();
  /** Per dependency key (`t`, `t.*`, `t.column`): bumped by each statement that changes it. */
  private readonly generations = new Map<string, number>();
  /** Bumped when everything is forgotten at once. */
  private epoch = 0;
  /**
   * The generation keys each write bumps and each read watches, built once per effect (one per prepared
   * statement) and per dependency list (one per call site), not on every statement.
   */
  private readonly bumpedBy = new WeakMap<WriteEffect, readonly string[]>();
  private readonly watchedBy = new WeakMap<readonly MemoDependency[], readonly string[]>();
  /** Whether the open transaction's group has checked for other connections' commits. */
  private verified = false;
  /** Reads answered from memory and loaded (tests). */
  hits = 0;
  misses = 0;

  /** Before every statement that could write on the connection, with what its SQL says it does. */
  noteWrite(effect: WriteEffect): void {
    switch (effect.kind) {
      case 'transaction':
        this.verified = false;
        return;
      case 'rollback':
        this.verified = false;
        this.forget();
        return;
      case 'rollbackToSavepoint':
        // The transaction goes on (still checked), without the writes the savepoint undid.
        this.forget();
        return;
      case 'none':
        return;
      case 'unknown':
        this.forget();
        return;
      case 'write':
        this.bump(effect);
        return;
      default: {
        const unknown: never = effect;
        throw new Error(`read memo: no such effect ${String(unknown)}`);
      }
    }
  }

  /**
   * The group holds the write lock and has read `PRAGMA data_version`: from here to the end of its
   * transaction the memo may answer; `foreignCommit` (another connection committed since the last
   * group) forgets everything first.
   */
  verify(foreignCommit: boolean): void {
    if (foreignCommit) this.forget();
    this.verified = true;
  }

  /** `load`'s value for `key`, from memory while nothing it depends on has changed. */
  async read<T>(key: string, dependencies: readonly MemoDependency[], load: () => Promise<T>): Promise<T> {
    if (!this.verified) return load();
    const stamps = this.stampsOf(dependencies);
    const entry = this.entries.get(key);
    if (entry && entry.epoch === this.epoch && sameStamps(entry.stamps, stamps)) {
      this.hits += 1;
      return entry.value as T;
    }
    this.misses += 1;
    const epoch = this.epoch;
    const value = await load();
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(key, { epoch, stamps, value });
    return value;
  }

  private forget(): void {
    this.epoch += 1;
    this.entries.clear();
  }

  /** An INSERT or DELETE (or an UPDATE it cannot read) bumps `t` and `t.*`; an UPDATE `t.*` and each `t.c`. */
  private bump(effect: WriteEffect & { kind: 'write' }): void {
    let keys = this.bumpedBy.get(effect);
    if (!keys) {
      const { table, columns } = effect;
      keys =
        columns === null ? [table, `${table}.*`] : [`${table}.*`, ...columns.map((c) => `${table}.${c}`)];
      this.bumpedBy.set(effect, keys);
    }
    for (const key of keys) this.generations.set(key, (this.generations.get(key) ?? 0) + 1);
  }

  /** An entry on a whole table watches `t` and `t.*` (any update); one on columns `t` and each `t.c`. */
  private stampsOf(dependencies: readonly MemoDependency[]): number[] {
    let keys = this.watchedBy.get(dependencies);
    if (!keys) {
      keys = dependencies.flatMap(({ table, columns }) =>
        columns === undefined ? [table, `${table}.*`] : [table, ...columns.map((c) => `${table}.${c}`)],
      );
      this.watchedBy.set(dependencies, keys);
    }
    return keys.map((key) => this.generations.get(key) ?? 0);
  }
}

function sameStamps(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}
