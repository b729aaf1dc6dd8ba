import { defineConfig } from 'vitest/config';

// Unit tests are pure and fast; integration tests start real servers and real SQLite files, so they get
// longer timeouts and run in separate processes (forks) to keep native handles apart.
export default defineConfig({
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
          environment: 'node',
          pool: 'forks',
          testTimeout: 30_000,
          hookTimeout: 30_000,
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
    ],
  },
});
