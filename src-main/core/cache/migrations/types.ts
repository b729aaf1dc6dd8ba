import type { Database } from 'better-sqlite3';

/** One schema step. `version` is its number (the file's NNNN); `up` runs inside a transaction. */
export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}
