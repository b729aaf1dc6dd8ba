import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EncryptedSessionStore } from '../../../src-main/electron/settings/encrypted-session-store.ts';
import type { Encryptor } from '../../../src-main/electron/settings/encrypted-session-store.ts';
import type { StoredSession } from '../../../src-main/core/settings/session-store.ts';
import { T0, user } from '../core/fixtures.ts';

/** Stands in for safeStorage: reversible, and never the plain text on disk. */
const xor = (bytes: Buffer) => Buffer.from(bytes.map((b) => b ^ 0x5a));
const encryptor = (available = true): Encryptor => ({
  available: async () => available,
  encrypt: async (plain) => xor(Buffer.from(plain, 'utf8')),
  decrypt: async (encrypted) => xor(encrypted).toString('utf8'),
});

const session: StoredSession = {
  serverUrl: 'http://127.0.0.1:8787',
  me: { ...user('dana'), communityMuted: false, createdAt: T0 },
  tokens: {
    accessToken: 'access-SECRET',
    accessExpiresAt: T0,
    refreshToken: 'refresh-SECRET',
    refreshExpiresAt: T0,
  },
};

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'session-store-'));
  file = join(dir, 'session.bin');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('encrypted session store (tokens via safeStorage)', () => {
  it('writes tokens encrypted, owner-only, and reads them back next launch', async () => {
    const store = await EncryptedSessionStore.open(file, encryptor());
    expect(store.load()).toBeNull();
    store.save(session);
    await store.flush();
    const raw = readFileSync(file);
    expect(raw.toString('utf8')).not.toContain('SECRET');
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = await EncryptedSessionStore.open(file, encryptor());
    expect(again.load()).toEqual(session);
  });

  it('forgets the file on sign-out', async () => {
    const store = await EncryptedSessionStore.open(file, encryptor());
    store.save(session);
    store.clear();
    await store.flush();
    expect(existsSync(file)).toBe(false);
  });

  it('keeps tokens in memory only when no OS key store is available', async () => {
    const store = await EncryptedSessionStore.open(file, encryptor(false));
    store.save(session);
    await store.flush();
    expect(store.persistent).toBe(false);
    expect(store.load()).toEqual(session);
    expect(existsSync(file)).toBe(false);
  });

  it('starts signed out when the file cannot be read with this key', async () => {
    writeFileSync(file, 'garbage');
    const errors: unknown[] = [];
    const store = await EncryptedSessionStore.open(file, encryptor(), (error) => errors.push(error));
    expect(store.load()).toBeNull();
    expect(errors).toHaveLength(1);
  });
});
