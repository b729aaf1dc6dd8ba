import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { z } from 'zod';
import { authTokensSchema, meSchema } from '../../../src-shared/domain.ts';
import { PRIVATE_FILE_MODE } from '../private-files.ts';

export const storedSessionSchema = z.object({
  serverUrl: z.string(),
  me: meSchema,
  tokens: authTokensSchema,
});
export type StoredSession = z.infer<typeof storedSessionSchema>;

/**
 * Where the signed-in session (tokens) is kept between runs. The Electron shell encrypts it with
 * `safeStorage`; tokens never go into plain settings.
 */
export interface SessionStore {
  load(): StoredSession | null;
  save(session: StoredSession): void;
  clear(): void;
}

export class MemorySessionStore implements SessionStore {
  #session: StoredSession | null = null;

  load(): StoredSession | null {
    return this.#session;
  }

  save(session: StoredSession): void {
    this.#session = session;
  }

  clear(): void {
    this.#session = null;
  }
}

/**
 * A JSON file readable only by its owner (0600), for the headless host and tests. Not encrypted: the
 * desktop app uses its safeStorage-backed store instead.
 */
export class FileSessionStore implements SessionStore {
  readonly #path: string;

  constructor(path: string) {
    this.#path = path;
  }

  load(): StoredSession | null {
    if (!existsSync(this.#path)) return null;
    try {
      const parsed = storedSessionSchema.safeParse(JSON.parse(readFileSync(this.#path, 'utf8')));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  save(session: StoredSession): void {
    const tmp = `${this.#path}.tmp`;
    writeFileSync(tmp, JSON.stringify(session), { mode: PRIVATE_FILE_MODE });
    chmodSync(tmp, PRIVATE_FILE_MODE);
    renameSync(tmp, this.#path);
  }

  clear(): void {
    rmSync(this.#path, { force: true });
  }
}
