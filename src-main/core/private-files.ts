import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';

/**
 * Files that hold someone's messages, settings or tokens are theirs alone: 0600 for files, 0700 for the
 * folders holding them, whatever the process umask (a typical 022 would leave them world-readable).
 * On Windows the modes mean little; the user profile's ACLs protect these folders there.
 */
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/** Creates the folder (and its parents) if needed, and makes it the owner's only. */
export function privateDir(path: string): void {
  mkdirSync(path, { recursive: true, mode: PRIVATE_DIR_MODE });
  chmodSync(path, PRIVATE_DIR_MODE);
}

/**
 * Makes a SQLite database file the owner's only before SQLite opens it: the file is created 0600 if it is
 * missing, and an existing one (an older version's 0644 cache) and its `-wal` / `-shm` are narrowed. SQLite
 * gives the `-wal` and `-shm` it creates later the database file's own mode.
 */
export function privateDatabaseFile(path: string): void {
  if (path === ':memory:') return;
  closeSync(openSync(path, 'a', PRIVATE_FILE_MODE));
  for (const file of [path, `${path}-wal`, `${path}-shm`])
    if (existsSync(file)) chmodSync(file, PRIVATE_FILE_MODE);
}
