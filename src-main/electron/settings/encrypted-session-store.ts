import { chmod, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { PRIVATE_FILE_MODE } from '../../core/private-files.ts';
import { storedSessionSchema } from '../../core/settings/session-store.ts';
import type { SessionStore, StoredSession } from '../../core/settings/session-store.ts';

/** Electron's `safeStorage` (async API), or a fake in tests. */
export interface Encryptor {
  /** False when the OS offers no real key store (e.g. Linux with the `basic_text` backend). */
  available(): Promise<boolean>;
  encrypt(plain: string): Promise<Buffer>;
  decrypt(encrypted: Buffer): Promise<string>;
}

/**
 * The signed-in session (access and refresh tokens) encrypted with the OS key store through
 * `safeStorage`, never in plain settings. Where no key store is available the session is kept in memory
 * only: the user signs in again next launch rather than having tokens written in the clear.
 *
 * The core's `SessionStore` is synchronous, so the session is decrypted once before the core starts
 * (`open`) and writes happen in the background, one at a time, each an atomic rename; `flush()` awaits
 * them at quit.
 */
export class EncryptedSessionStore implements SessionStore {
  readonly #path: string;
  readonly #encryptor: Encryptor;
  readonly #persist: boolean;
  #session: StoredSession | null;
  #writes: Promise<void> = Promise.resolve();
  #onError: (error: unknown) => void;

  private constructor(
    path: string,
    encryptor: Encryptor,
    persist: boolean,
    session: StoredSession | null,
    onError: (error: unknown) => void,
  ) {
    this.#path = path;
    this.#encryptor = encryptor;
    this.#persist = persist;
    this.#session = session;
    this.#onError = onError;
  }

  static async open(
    path: string,
    encryptor: Encryptor,
    onError: (error: unknown) => void = () => {},
  ): Promise<EncryptedSessionStore> {
    const persist = await encryptor.available();
    let session: StoredSession | null = null;
    if (persist) {
      try {
        const parsed = storedSessionSchema.safeParse(
          JSON.parse(await encryptor.decrypt(await readFile(path))),
        );
        session = parsed.success ? parsed.data : null;
      } catch (error) {
        // No file yet, or one this key cannot read (another machine, a reset key store): start signed out.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') onError(error);
      }
    }
    return new EncryptedSessionStore(path, encryptor, persist, session, onError);
  }

  /** Whether tokens survive a restart on this machine. */
  get persistent(): boolean {
    return this.#persist;
  }

  load(): StoredSession | null {
    return this.#session;
  }

  save(session: StoredSession): void {
    this.#session = session;
    if (!this.#persist) return;
    this.#enqueue(async () => {
      const current = this.#session;
      if (current === null) return;
      const tmp = `${this.#path}.tmp`;
      await writeFile(tmp, await this.#encryptor.encrypt(JSON.stringify(current)), {
        mode: PRIVATE_FILE_MODE,
      });
      // The mode is only applied when the file is created, and narrowed by nothing else: make sure.
      await chmod(tmp, PRIVATE_FILE_MODE);
      await rename(tmp, this.#path);
    });
  }

  clear(): void {
    this.#session = null;
    this.#enqueue(() => rm(this.#path, { force: true }));
  }

  flush(): Promise<void> {
    return this.#writes;
  }

  #enqueue(write: () => Promise<void>): void {
    this.#writes = this.#writes.then(write).catch((error: unknown) => this.#onError(error));
  }
}
