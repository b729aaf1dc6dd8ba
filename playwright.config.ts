import { defineConfig } from '@playwright/test';
import { findMachineChromium } from './scripts/lib/chromium-probe.ts';

/**
 * End-to-end tests: the real renderer in a real Chromium, through the headless host, against a real
 * messaging server started by each test (port 0). `npm test` runs them when tests/e2e has specs and reads
 * the JSON report named by PLAYWRIGHT_JSON_OUTPUT_NAME.
 *
 * The Chromium is whichever this machine has (scripts/lib/chromium.ts: CHROMIUM_PATH, Playwright's own,
 * the system's chromium or Chrome); `npm test` fetches one first when there is none
 * (scripts/lib/ensure-chromium.ts).
 */
const chromium = findMachineChromium();
if (!chromium.found)
  throw new Error(
    `No Chromium for the end-to-end tests (${chromium.reason}): run \`npx playwright install chromium\`, or set CHROMIUM_PATH.`,
  );
const json = process.env.PLAYWRIGHT_JSON_OUTPUT_NAME;
// Several runs can share one checkout at once; Playwright empties its output folder at start, so each run
// gets its own (workers inherit the id from the runner's environment). global-setup prunes old ones.
process.env.BEATPASS_E2E_RUN ??= `${Date.now().toString(36)}-${process.pid}`;

export default defineConfig({
  testDir: 'tests/e2e',
  globalSetup: './tests/e2e/shell/global-setup.ts',
  outputDir: `test-results/run-${process.env.BEATPASS_E2E_RUN}`,
  timeout: 60_000,
  // BUDGET.local in tests/e2e/shell/world.ts: a step inside one app.
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
      executablePath: chromium.path,
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
