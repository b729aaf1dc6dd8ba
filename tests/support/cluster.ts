import { POSTGRES_ADMIN_URL, createDatabase, createSchema } from './postgres.ts';
import type { DisposableStore } from './postgres.ts';
import { startRedis } from './redis-process.ts';
import type { RedisProcess } from './redis-process.ts';
import { spawnServer } from './server-process.ts';
import type { ServerProcess, SpawnServerOptions } from './server-process.ts';
import { TEST_STORE_ENV, uniqueRedisPrefix } from './test-store.ts';

export interface Cluster {
  readonly nodes: ServerProcess[];
  /** The deployment's own redis-server, which a test may kill and restart. */
  readonly redis: RedisProcess;
  /** The flags every node of this deployment shares. */
  readonly store: { database: string; redisUrl: string; redisPrefix: string };
  /** Starts one more node of this deployment. */
  addNode(options?: Omit<SpawnServerOptions, 'store'>): Promise<ServerProcess>;
  close(): Promise<void>;
}

/**
 * `count` server processes on one PostgreSQL database (a fresh schema, or a fresh database outside a test
 * run) and one private redis-server, as a deployment of several nodes behind a load balancer would run.
 */
export async function startCluster(
  count: number,
  options: Omit<SpawnServerOptions, 'store'> = {},
): Promise<Cluster> {
  const runDatabase = process.env[TEST_STORE_ENV.database];
  const ownDatabase: DisposableStore | null = runDatabase
    ? null
    : await createDatabase('beatpass_bench', POSTGRES_ADMIN_URL);
  const schema = await createSchema(runDatabase ?? ownDatabase?.url ?? POSTGRES_ADMIN_URL);
  const redis = await startRedis();
  const store = { database: schema.url, redisUrl: redis.url, redisPrefix: uniqueRedisPrefix() };
  const nodes: ServerProcess[] = [];
  const addNode = async (extra: Omit<SpawnServerOptions, 'store'> = {}) => {
    const node = await spawnServer({ ...options, ...extra, store });
    nodes.push(node);
    return node;
  };
  const close = async () => {
    await Promise.all(nodes.map((node) => node.cleanup()));
    await redis.close();
    await schema.drop();
    await ownDatabase?.drop();
  };
  try {
    // The first node migrates the schema; the others then start side by side.
    await addNode();
    await Promise.all(Array.from({ length: count - 1 }, () => addNode()));
  } catch (error) {
    await close();
    throw error;
  }
  return { nodes, redis, store, addNode, close };
}
