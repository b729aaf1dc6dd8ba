/**
 * `npm test` on a machine without Chromium: fetch one, or stop on one clear line. The end-to-end tests
 * are never skipped silently.
 *
 * 1. A Chromium is already there (chromium.ts): use it.
 * 2. Playwright's download host answers: `playwright install chromium`.
 * 3. Linux with apt-get, as root or with passwordless sudo: `apt-get install chromium` (Debian's name;
 *    `chromium-browser` on Ubuntu).
 * 4. Otherwise: one line naming the command to run.
 *
 * The machine comes in through `FetchPorts`, so each branch is unit-tested (tests/unit/scripts).
 */
import type { ChromiumSearch, ChromiumSource } from './chromium.ts';

export interface FetchPorts {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: NodeJS.Platform;
  /** This process runs as root (uid 0). */
  readonly isRoot: boolean;
  /** Where the machine's Chromium is now. */
  search(): ChromiumSearch;
  /** Does anything answer HTTP at this URL within a few seconds (any status counts)? */
  reachable(url: string): Promise<boolean>;
  /** Runs a command with its output shown; returns its exit status. */
  run(command: string, args: readonly string[]): number;
  /** Is this program on PATH? */
  has(program: string): boolean;
  /** Does `sudo -n true` succeed (sudo without a password)? */
  canSudo(): boolean;
  log(line: string): void;
  /** The project's Playwright command line (node_modules/.bin/playwright). */
  readonly playwrightBin: string;
}

export type EnsuredChromium =
  | { ok: true; path: string; source: ChromiumSource; fetched: 'playwright' | 'apt-get' | null }
  | { ok: false; line: string };

/** Playwright's Chromium download hosts (its own list), unless the environment names another. */
export const PLAYWRIGHT_HOSTS = [
  'https://cdn.playwright.dev',
  'https://playwright.download.prss.microsoft.com',
];

export function downloadHosts(env: FetchPorts['env']): string[] {
  const custom = env.PLAYWRIGHT_CHROMIUM_DOWNLOAD_HOST || env.PLAYWRIGHT_DOWNLOAD_HOST;
  return custom ? [custom] : PLAYWRIGHT_HOSTS;
}

/** apt packages tried in order: Debian calls it chromium, Ubuntu chromium-browser. */
export const APT_PACKAGES = ['chromium', 'chromium-browser'];

export async function ensureChromium(ports: FetchPorts): Promise<EnsuredChromium> {
  const first = ports.search();
  if (first.found) return { ok: true, path: first.path, source: first.source, fetched: null };
  // A CHROMIUM_PATH that points nowhere is the developer's mistake to fix, not a reason to download.
  if (ports.env.CHROMIUM_PATH) {
    return {
      ok: false,
      line: `No Chromium for the end-to-end tests: ${first.reason}; point CHROMIUM_PATH at a Chrome or Chromium binary, or unset it.`,
    };
  }
  ports.log(`No Chromium found (${first.reason}); fetching one for the end-to-end tests.`);

  let hostAnswers = false;
  for (const host of downloadHosts(ports.env)) {
    if (await ports.reachable(host)) {
      hostAnswers = true;
      break;
    }
  }
  if (hostAnswers) {
    ports.log('Playwright download host reachable: playwright install chromium');
    if (ports.run(ports.playwrightBin, ['install', 'chromium']) === 0) {
      const after = ports.search();
      if (after.found) return { ok: true, path: after.path, source: after.source, fetched: 'playwright' };
    }
  } else {
    ports.log(`Playwright's download host does not answer (${downloadHosts(ports.env).join(', ')}).`);
  }

  const apt = ports.platform === 'linux' && ports.has('apt-get');
  const privilege = ports.isRoot ? 'root' : ports.canSudo() ? 'sudo' : null;
  if (apt && privilege) {
    const aptGet = (...args: string[]) => {
      const command = ['env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args];
      return privilege === 'root'
        ? ports.run('env', command.slice(1))
        : ports.run('sudo', ['-n', ...command]);
    };
    ports.log('Installing Chromium with the system package manager (apt-get).');
    if (aptGet('update', '-qq') === 0) {
      for (const name of APT_PACKAGES) {
        if (aptGet('install', '-y', '-qq', name) !== 0) continue;
        const after = ports.search();
        if (after.found) return { ok: true, path: after.path, source: after.source, fetched: 'apt-get' };
      }
    }
  }

  const command = apt && !hostAnswers ? 'sudo apt-get install chromium' : 'npx playwright install chromium';
  return {
    ok: false,
    line: `No Chromium for the end-to-end tests: run \`${command}\` (or set CHROMIUM_PATH to a Chrome or Chromium binary), then npm test again.`,
  };
}
