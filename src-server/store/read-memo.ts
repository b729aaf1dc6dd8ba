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
 *
 * Rows of a conversation (its `conversations` row, its `participants`) change with every message, so a
 * memo on the whole table would never hit. Those are remembered per row (`readRow`), and the send that
 * changes them says what they are now (`putRow`, written through):
 * - a write to such a table whose WHERE pins the row key (`where "id" = ? and …`, `ROW_KEYS`) with
 *   nothing but ANDed conditions, and which does not assign the key itself, changes only that key's
 *   rows: it forgets the entries of that key alone;
 * - every other write to the table (an INSERT, a WHERE it cannot read) forgets all of its row entries.
 */

/** What a read depends on: a whole table, or some columns of it. */
export interface MemoDependency {
  readonly table: string;
  readonly columns?: readonly string[];
}

/**
 * The tables whose rows are remembered one key at a time, by the column that keys them: a conversation's
 * row by its id, its participants by their conversation.
 */
const ROW_KEYS = { conversations: 'id', participants: 'conversation_id' } as const;
export type RowKeyedTable = keyof typeof ROW_KEYS;
export const ROW_KEYED_TABLES = Object.keys(ROW_KEYS) as readonly RowKeyedTable[];

/** Own keys only: a table named like an Object property (`constructor`) is not one of them. */
function isRowKeyed(table: string): table is RowKeyedTable {
  return Object.hasOwn(ROW_KEYS, table);
}

/** What a statement that could write does to the memo (`statementEffect`, once per prepared statement). */
export type WriteEffect =
  | {
      readonly kind: 'write';
      readonly table: string;
      readonly columns: readonly string[] | null;
      /** For a table of `ROW_KEYS`: the parameter that holds the one key whose rows it can change. */
      readonly rowKeyParameter: number | null;
      /**
       * An UPDATE whose every assignment is `column = ?`: its first `columns.length` parameters are the
       * values it sets, and the rest say which rows (deferred-writes.ts holds only such writes).
       */
      readonly setsParametersOnly: boolean;
    }
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

/** An entry on the rows of one key: the table's unpinned writes and the key's pinned ones, when read. */
interface RowEntry {
  readonly epoch: number;
  readonly unpinned: number;
  readonly pinned: number;
  readonly value: unknown;
}

/** A table of `ROW_KEYS`: writes that may reach any row, writes pinned to each key, and the entries. */
interface RowTable {
  unpinned: number;
  readonly pinned: Map<string, number>;
  readonly entries: Map<string, RowEntry>;
}

/** Entries kept at most; past it the memo starts again (each entry is a few small strings). */
const MAX_ENTRIES = 20_000;

const NAME = String.raw`"?([A-Za-z_]\w*)"?`;
const INSERT = new RegExp(String.raw`^\s*(?:insert(?:\s+or\s+\w+)?|replace)\s+into\s+${NAME}`, 'i');
const DELETE = new RegExp(String.raw`^\s*delete\s+from\s+${NAME}`, 'i');
const UPDATE = new RegExp(String.raw`^\s*update(?:\s+or\s+\w+)?\s+${NAME}\s+set\s+([\s\S]*)$`, 'i');
const ASSIGNED = /(?:^|,)\s*"?([A-Za-z_]\w*)"?\s*=/g;
const PARAMETER_ASSIGNED = /^\s*"?[A-Za-z_]\w*"?\s*=\s*\?\s*$/;

/** What a statement that could write does to the memo, read from its SQL. */
export function statementEffect(sql: string): WriteEffect {
  if (/^\s*(?:begin|commit|end)\b/i.test(sql)) return { kind: 'transaction' };
  if (/^\s*rollback\s+(?:transaction\s+)?to\b/i.test(sql)) return { kind: 'rollbackToSavepoint' };
  if (/^\s*rollback\b/i.test(sql)) return { kind: 'rollback' };
  if (/^\s*(?:savepoint|release|pragma)\b/i.test(sql)) return { kind: 'none' };
  const insert = INSERT.exec(sql);
  if (insert?.[1])
    return {
      kind: 'write',
      table: insert[1].toLowerCase(),
      columns: null,
      rowKeyParameter: null,
      setsParametersOnly: false,
    };
  const deleted = DELETE.exec(sql);
  if (deleted?.[1]) {
    const table = deleted[1].toLowerCase();
    return {
      kind: 'write',
      table,
      columns: null,
      rowKeyParameter: rowKeyParameter(sql, table, []),
      setsParametersOnly: false,
    };
  }
  const update = UPDATE.exec(sql);
  if (update?.[1] && update[2] !== undefined) {
    const table = update[1].toLowerCase();
    const assignments = update[2].split(/\s(?:where|returning|from)\s/i)[0] ?? '';
    // Anything but `column = value, …` (a function call, a subquery, a row value): the whole table.
    if (/[()]/.test(assignments))
      return { kind: 'write', table, columns: null, rowKeyParameter: null, setsParametersOnly: false };
    const columns = [...assignments.matchAll(ASSIGNED)].map((m) => (m[1] ?? '').toLowerCase());
    return {
      kind: 'write',
      table,
      columns: columns.length > 0 ? columns : null,
      rowKeyParameter: rowKeyParameter(sql, table, columns),
      setsParametersOnly:
        columns.length > 0 &&
        assignments.split(',').every((assignment) => PARAMETER_ASSIGNED.test(assignment)),
    };
  }
  return { kind: 'unknown' };
}

/**
 * Which parameter holds the row key of an UPDATE or DELETE on a table of `ROW_KEYS`, when every row it
 * can change has that key: its WHERE is ANDed plain conditions (no OR, no parentheses, no subquery), one
 * of them `key = ?`, it does not set the key, and it has no string literal. Null otherwise: the write
 * may reach any row.
 */
function rowKeyParameter(sql: string, table: string, assigned: readonly string[]): number | null {
  if (!isRowKeyed(table)) return null;
  const key = ROW_KEYS[table];
  if (assigned.includes(key)) return null;
  // A string literal could hold a `?` that is not a parameter, and the count below would be off.
  if (sql.includes("'")) return null;
  const where = /\swhere\s/i.exec(sql);
  if (!where) return null;
  const conditions = (sql.slice(where.index + where[0].length).split(/\sreturning\s/i)[0] ?? '').trim();
  if (/[()]/.test(conditions) || /\bor\b/i.test(conditions)) return null;
  let parameter = (sql.slice(0, where.index).match(/\?/g) ?? []).length;
  for (const condition of conditions.split(/\s+and\s+/i)) {
    const equal = /^"?([A-Za-z_]\w*)"?\s*=\s*\?$/.exec(condition.trim());
    if (equal?.[1]?.toLowerCase() === key) return parameter;
    parameter += (condition.match(/\?/g) ?? []).length;
  }
  return null;
}

export class ReadMemo {
  private readonly entries = new Map<string, Entry>();
  /** Per dependency key (`t`, `t.*`, `t.column`): bumped by each statement that changes it. */
  private readonly generations = new Map<string, number>();
  /**
   * The tables of `ROW_KEYS`, their entries by row key, and their write counts. The pinned counts are
   * cleared with the entries (`forget`), whose new epoch keeps an old stamp from matching a count started
   * again.
   */
  private readonly rows: Record<RowKeyedTable, RowTable> = {
    conversations: { unpinned: 0, pinned: new Map(), entries: new Map() },
    participants: { unpinned: 0, pinned: new Map(), entries: new Map() },
  };
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
  noteWrite(effect: WriteEffect, parameters: readonly unknown[] = []): void {
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
        if (isRowKeyed(effect.table)) this.bumpRows(this.rows[effect.table], effect, parameters);
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
    this.store(key, { epoch, stamps, value });
    return value;
  }

  /**
   * `load`'s value for the rows of `table` keyed `rowKey` (a table of `ROW_KEYS`), from memory while no
   * write has reached them: a write pinned to another key leaves it alone.
   */
  async readRow<T>(table: RowKeyedTable, rowKey: string, load: () => Promise<T>): Promise<T> {
    if (!this.verified) return load();
    const rows = this.rows[table];
    const pinned = rows.pinned.get(rowKey) ?? 0;
    const entry = rows.entries.get(rowKey);
    if (entry && entry.epoch === this.epoch && entry.unpinned === rows.unpinned && entry.pinned === pinned) {
      this.hits += 1;
      return entry.value as T;
    }
    this.misses += 1;
    // Stamped before the load: a write while it runs leaves the entry stale, never a stale value fresh.
    const { epoch } = this;
    const { unpinned } = rows;
    const value = await load();
    this.storeRow(rows, rowKey, { epoch, unpinned, pinned, value });
    return value;
  }

  /**
   * Written through: `value` is what `readRow(table, rowKey)` would load now, told by the caller that has
   * just changed those rows, so the next read need not ask SQLite. Only in a checked transaction; a later
   * write to the rows, or a rollback, forgets it as usual.
   */
  putRow(table: RowKeyedTable, rowKey: string, value: unknown): void {
    if (!this.verified) return;
    const rows = this.rows[table];
    const entry = { epoch: this.epoch, unpinned: rows.unpinned, pinned: rows.pinned.get(rowKey) ?? 0, value };
    this.storeRow(rows, rowKey, entry);
  }

  private store(key: string, entry: Entry): void {
    // Full: start again. The entry in hand was stamped in the epoch that ends, so it is kept only to miss.
    if (this.entries.size >= MAX_ENTRIES) this.forget();
    this.entries.set(key, entry);
  }

  private storeRow(rows: RowTable, rowKey: string, entry: RowEntry): void {
    if (rows.entries.size >= MAX_ENTRIES) this.forget();
    rows.entries.set(rowKey, entry);
  }

  /** A write to a table of `ROW_KEYS`: pinned to a key, that key's rows; otherwise all of them. */
  private bumpRows(
    rows: RowTable,
    effect: WriteEffect & { kind: 'write' },
    parameters: readonly unknown[],
  ): void {
    const rowKey = effect.rowKeyParameter === null ? undefined : parameters[effect.rowKeyParameter];
    if (typeof rowKey === 'string') rows.pinned.set(rowKey, (rows.pinned.get(rowKey) ?? 0) + 1);
    else rows.unpinned += 1;
  }

  private forget(): void {
    this.epoch += 1;
    this.entries.clear();
    for (const rows of Object.values(this.rows)) {
      rows.entries.clear();
      rows.pinned.clear();
    }
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
