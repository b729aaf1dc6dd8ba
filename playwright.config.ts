import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests: the real renderer in Debian's Chromium (never a downloaded browser), through the
 * headless host, against a real messaging server started by each test (port 0). `npm test` runs them
 * when tests/e2e has specs and reads the JSON report named by PLAYWRIGHT_JSON_OUTPUT_NAME.
 */
const json = process.env.PLAYWRIGHT_JSON_OUTPUT_NAME;
// Several runs can share one checkout at once; Playwright empties its output folder at start, so each run
// gets its own (workers inherit the id from the runner's environment). global-setup prunes old ones.
process.env.BEATPASS_E2E_RUN ??= `${Date.now().toString(36)}-${process.pid}`;

export default defineConfig({
  testDir: 'tests/e2e',
  globalSetup: './tests/e2e/shell/global-setup.ts',
  outputDir: `test-results/run-${process.env.BEATPASS_E2E_RUN}`,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 2,
  forbidOnly: true,
  reporter: json ? [['list'], ['json', { outputFile: json }]] : [['list']],
  use: {
    browserName: 'chromium',
    headless: true,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
});
