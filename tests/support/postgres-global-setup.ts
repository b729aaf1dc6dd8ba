/**
 * Global set-up of the PostgreSQL test project (vitest.config.ts): one database for the run and one
 * private redis-server, handed to the test processes through environment variables
 * (tests/support/test-store.ts), and both gone when the run ends.
 */
import { POSTGRES_ADMIN_URL, createDatabase, postgresAddress, postgresReachable } from './postgres.ts';
import { hasRedisServer, startRedis } from './redis-process.ts';
import { TEST_STORE_ENV } from './test-store.ts';

export default async function setup(): Promise<() => Promise<void>> {
  // vitest.config.ts leaves this project out when the services are missing, except under CI: say why here.
  if (!(await postgresReachable())) {
    throw new Error(
      `The PostgreSQL tests must run under CI, but there is no PostgreSQL at ${postgresAddress(POSTGRES_ADMIN_URL)}.`,
    );
  }
  if (!hasRedisServer())
    throw new Error('The PostgreSQL tests must run under CI, but redis-server is missing.');
  const database = await createDatabase('beatpass_test');
  const redis = await startRedis();
  process.env[TEST_STORE_ENV.database] = database.url;
  process.env[TEST_STORE_ENV.redis] = redis.url;
  return async () => {
    await redis.close();
    await database.drop();
  };
}
