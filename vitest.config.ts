import { defineConfig } from 'vitest/config';
import type { TestProjectInlineConfiguration } from 'vitest/config';
import { postgresProjectStatus } from './tests/support/service-check.ts';

// Unit tests are pure and fast; integration tests start real servers and real SQLite files, so they get
// longer timeouts and run in separate processes (forks) to keep native handles apart.
const integration = { environment: 'node', pool: 'forks', testTimeout: 30_000, hookTimeout: 30_000 } as const;

/**
 * The server suites again on PostgreSQL with a Redis bus (the scale-out set-up), plus the multi-node
 * tests. Left out, with one "skipped: …" line, where PostgreSQL or redis-server is missing; under CI
 * (CI=true) never left out: a missing service fails the run instead.
 */
async function postgresProjects(): Promise<TestProjectInlineConfiguration[]> {
  const status = await postgresProjectStatus();
  if (status.run === false) {
    console.log(`integration-postgres ${status.reason}`);
    return [];
  }
  return [
    {
      test: {
        name: 'integration-postgres',
        include: [
          'tests/integration/server/**/*.test.ts',
          'tests/integration/ops/**/*.test.ts',
          'tests/integration/scale-out/**/*.test.ts',
        ],
        ...integration,
        env: { BEATPASS_TEST_STORE: 'postgres' },
        globalSetup: ['tests/support/postgres-global-setup.ts'],
      },
    },
  ];
}

export default defineConfig(async () => ({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          // Multi-node tests need PostgreSQL and Redis: they run in the project below.
          exclude: ['tests/integration/scale-out/**'],
          ...integration,
        },
      },
      {
        // The proof tools (docs/proof.md): fault proxy, chaos, property tests and fuzzers, each a bounded
        // run against real processes on loopback; their long runs are `npm run chaos` and `npm run fuzz`.
        test: {
          name: 'proof',
          include: ['tests/chaos/**/*.test.ts', 'tests/property/**/*.test.ts', 'tests/fuzz/**/*.test.ts'],
          environment: 'node',
          pool: 'forks',
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
      ...(await postgresProjects()),
    ],
  },
}));
