import { POSTGRES_ADMIN_URL, postgresAddress, postgresReachable } from './postgres.ts';
import { hasRedisServer } from './redis-process.ts';

export type ProjectStatus = { run: true } | { run: false; reason: string };

/**
 * Whether the PostgreSQL + Redis test project can run here. On a developer's machine without the services
 * it is skipped with a reason; under CI it always runs (its global set-up then fails loudly if a service
 * is missing), so CI can never pass with those suites skipped.
 */
export async function postgresProjectStatus(): Promise<ProjectStatus> {
  if (process.env.CI === 'true' || process.env.CI === '1') return { run: true };
  if (!(await postgresReachable())) {
    return { run: false, reason: `skipped: no PostgreSQL at ${postgresAddress(POSTGRES_ADMIN_URL)}` };
  }
  if (!hasRedisServer()) return { run: false, reason: 'skipped: no redis-server on PATH' };
  return { run: true };
}
