import pg from 'pg';

/** The PostgreSQL the tests and the bench may create databases on (trust auth on this machine). */
export const POSTGRES_ADMIN_URL =
  process.env.BEATPASS_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Where `url` points, for messages: host:port, never a password. */
export function postgresAddress(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || '5432'}`;
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  client.on('error', (error) => console.error(`postgres (test support): ${error.message}`));
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** True when a query runs at `url`. */
export async function postgresReachable(url = POSTGRES_ADMIN_URL): Promise<boolean> {
  try {
    await withClient(url, (client) => client.query('select 1'));
    return true;
  } catch {
    return false;
  }
}

export interface DisposableStore {
  /** A postgres:// URL for the server's `--database`. */
  readonly url: string;
  drop(): Promise<void>;
}

/** Database names of this helper: `<prefix>_<start time in ms>_<pid>`, so stale ones can be told apart. */
const NAME = /^(beatpass_(?:test|bench))_(\d+)_\d+$/;
/** A database of a run that started this long ago was left behind by a killed run. */
const STALE_MS = 6 * 60 * 60 * 1000;

/**
 * A fresh database for one test run or bench run, dropped by `drop()`. Databases a killed run left behind
 * (older than six hours) are dropped on the way.
 */
export async function createDatabase(
  prefix: 'beatpass_test' | 'beatpass_bench',
  adminUrl = POSTGRES_ADMIN_URL,
): Promise<DisposableStore> {
  const name = `${prefix}_${Date.now()}_${process.pid}`;
  await withClient(adminUrl, async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      'select datname from pg_database where datname like $1',
      [`${prefix}\\_%`],
    );
    for (const { datname } of rows) {
      const match = NAME.exec(datname);
      if (match && Date.now() - Number(match[2]) > STALE_MS) {
        await client.query(`drop database if exists "${datname}" with (force)`);
      }
    }
    await client.query(`create database "${name}"`);
  });
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await withClient(adminUrl, (client) => client.query(`drop database if exists "${name}" with (force)`));
    },
  };
}

let schemas = 0;

/**
 * A fresh schema in the database at `databaseUrl`, dropped by `drop()`: the URL it returns sets
 * `search_path` to it, so a server (and its migrations) given that URL sees only its own tables.
 */
export async function createSchema(databaseUrl: string): Promise<DisposableStore> {
  schemas += 1;
  const name = `s_${process.pid}_${schemas}_${Math.random().toString(36).slice(2, 8)}`;
  await withClient(databaseUrl, (client) => client.query(`create schema "${name}"`));
  const url = new URL(databaseUrl);
  url.searchParams.set('options', `-c search_path=${name}`);
  return {
    url: url.toString(),
    drop: async () => {
      await withClient(databaseUrl, (client) => client.query(`drop schema if exists "${name}" cascade`));
    },
  };
}
