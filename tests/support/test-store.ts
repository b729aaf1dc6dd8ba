import { createSchema } from './postgres.ts';

/**
 * Which store the servers of this test run use. `npm test` runs the server suites twice (see
 * vitest.config.ts): once on SQLite files, once on PostgreSQL with a Redis bus, the scale-out set-up.
 * The PostgreSQL project's global set-up (tests/support/postgres-global-setup.ts) creates the run's
 * database and starts a private redis-server, and hands both over in these variables.
 */
export type TestStoreKind = 'sqlite' | 'postgres';

export const TEST_STORE_ENV = {
  kind: 'BEATPASS_TEST_STORE',
  /** The run's PostgreSQL database; each server gets a schema of its own in it. */
  database: 'BEATPASS_TEST_DATABASE_URL',
  /** The run's private redis-server; each server gets a key prefix of its own on it. */
  redis: 'BEATPASS_TEST_REDIS_URL',
} as const;

export function testStoreKind(): TestStoreKind {
  return process.env[TEST_STORE_ENV.kind] === 'postgres' ? 'postgres' : 'sqlite';
}

/** The store a server runs on, as flags and what to drop afterwards. */
export interface ServerStore {
  /** SQLite file or postgres:// URL; absent for the default SQLite file in the data folder. */
  readonly database?: string;
  readonly redisUrl?: string;
  readonly redisPrefix?: string;
  /** Removes what this store created (a PostgreSQL schema); the server must be stopped first. */
  drop(): Promise<void>;
}

let prefixes = 0;

/** A key prefix nobody else on the run's Redis uses. */
export function uniqueRedisPrefix(): string {
  prefixes += 1;
  return `t${process.pid}x${prefixes}x${Math.random().toString(36).slice(2, 6)}:`;
}

/**
 * The store for one more server of this run: the SQLite default (a file in the server's data folder), or
 * on PostgreSQL a schema of its own in the run's database and a key prefix of its own on the run's Redis.
 */
export async function freshTestStore(): Promise<ServerStore> {
  if (testStoreKind() === 'sqlite') return { drop: async () => {} };
  const databaseUrl = process.env[TEST_STORE_ENV.database];
  const redisUrl = process.env[TEST_STORE_ENV.redis];
  if (!databaseUrl || !redisUrl) {
    throw new Error(
      `${TEST_STORE_ENV.kind}=postgres needs ${TEST_STORE_ENV.database} and ${TEST_STORE_ENV.redis} (set by tests/support/postgres-global-setup.ts)`,
    );
  }
  const schema = await createSchema(databaseUrl);
  return { database: schema.url, redisUrl, redisPrefix: uniqueRedisPrefix(), drop: () => schema.drop() };
}

/** The flags that put a server on `store`. */
export function storeArgs(store: Omit<ServerStore, 'drop'>): string[] {
  return [
    ...(store.database ? ['--database', store.database] : []),
    ...(store.redisUrl ? ['--redis-url', store.redisUrl] : []),
    ...(store.redisPrefix ? ['--redis-prefix', store.redisPrefix] : []),
  ];
}
