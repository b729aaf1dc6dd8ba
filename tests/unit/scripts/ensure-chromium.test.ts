import { describe, expect, it } from 'vitest';
import type { ChromiumSearch } from '../../../scripts/lib/chromium.ts';
import { ensureChromium } from '../../../scripts/lib/ensure-chromium.ts';
import type { FetchPorts } from '../../../scripts/lib/ensure-chromium.ts';

const NONE: ChromiumSearch = { found: false, reason: 'no Chromium or Chrome on this machine' };

interface Machine {
  /** What a search finds before and after each install command that succeeded. */
  browsers: ChromiumSearch[];
  reachable?: boolean;
  isRoot?: boolean;
  sudo?: boolean;
  aptGet?: boolean;
  platform?: NodeJS.Platform;
  env?: Record<string, string>;
  /** Exit status of a command line; 0 when not given. */
  status?: (line: string) => number;
}

/** A scripted machine: records the commands run; each successful install moves to the next search result. */
function ports(m: Machine) {
  const ran: string[] = [];
  const asked: string[] = [];
  let installed = 0;
  const port: FetchPorts = {
    env: m.env ?? {},
    platform: m.platform ?? 'linux',
    isRoot: m.isRoot ?? false,
    search: () => {
      return m.browsers[Math.min(installed, m.browsers.length - 1)] ?? NONE;
    },
    reachable: async (url) => {
      asked.push(url);
      return m.reachable ?? false;
    },
    run: (command, args) => {
      const line = [command, ...args].join(' ');
      ran.push(line);
      const status = m.status?.(line) ?? 0;
      if (status === 0 && args.includes('install')) installed += 1;
      return status;
    },
    has: (program) => program === 'apt-get' && (m.aptGet ?? true),
    canSudo: () => m.sudo ?? false,
    log: () => {},
    playwrightBin: 'node_modules/.bin/playwright',
  };
  return { port, ran, asked };
}

const SYSTEM: ChromiumSearch = { found: true, path: '/usr/bin/chromium', source: 'system' };
const OWN: ChromiumSearch = { found: true, path: '/cache/chrome', source: 'playwright' };

describe('ensureChromium', () => {
  it('uses the Chromium that is there, fetching nothing', async () => {
    const m = ports({ browsers: [SYSTEM] });
    expect(await ensureChromium(m.port)).toEqual({ ok: true, ...pick(SYSTEM), fetched: null });
    expect(m.ran).toEqual([]);
    expect(m.asked).toEqual([]);
  });

  it("runs playwright install chromium when Playwright's download host answers", async () => {
    const m = ports({ browsers: [NONE, OWN], reachable: true });
    expect(await ensureChromium(m.port)).toEqual({ ok: true, ...pick(OWN), fetched: 'playwright' });
    expect(m.ran).toEqual(['node_modules/.bin/playwright install chromium']);
    expect(m.asked).toEqual(['https://cdn.playwright.dev']);
  });

  it('asks the download host named by PLAYWRIGHT_DOWNLOAD_HOST instead', async () => {
    const m = ports({
      browsers: [NONE, OWN],
      reachable: true,
      env: { PLAYWRIGHT_DOWNLOAD_HOST: 'https://mirror' },
    });
    await ensureChromium(m.port);
    expect(m.asked).toEqual(['https://mirror']);
  });

  it('installs the system package as root when the download host does not answer', async () => {
    const m = ports({ browsers: [NONE, SYSTEM], isRoot: true });
    expect(await ensureChromium(m.port)).toEqual({ ok: true, ...pick(SYSTEM), fetched: 'apt-get' });
    expect(m.ran).toEqual([
      'env DEBIAN_FRONTEND=noninteractive apt-get update -qq',
      'env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium',
    ]);
  });

  it('uses passwordless sudo, and tries Ubuntu’s chromium-browser when Debian’s name is not there', async () => {
    const m = ports({
      browsers: [NONE, SYSTEM],
      sudo: true,
      // apt-get: "E: Package 'chromium' has no installation candidate" (exit 100).
      status: (line) => (line.endsWith(' chromium') ? 100 : 0),
    });
    expect(await ensureChromium(m.port)).toEqual({ ok: true, ...pick(SYSTEM), fetched: 'apt-get' });
    expect(m.ran).toEqual([
      'sudo -n env DEBIAN_FRONTEND=noninteractive apt-get update -qq',
      'sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium',
      'sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium-browser',
    ]);
  });

  it('falls back to apt-get when playwright install fails though the host answered', async () => {
    const m = ports({
      browsers: [NONE, SYSTEM],
      reachable: true,
      isRoot: true,
      status: (line) => (line.startsWith('node_modules/.bin/playwright') ? 1 : 0),
    });
    expect(await ensureChromium(m.port)).toMatchObject({ ok: true, fetched: 'apt-get' });
  });

  it('stops on one line naming apt-get when it may not run it and the host does not answer', async () => {
    const m = ports({ browsers: [NONE] });
    const result = await ensureChromium(m.port);
    expect(result).toEqual({
      ok: false,
      line: 'No Chromium for the end-to-end tests: run `sudo apt-get install chromium` (or set CHROMIUM_PATH to a Chrome or Chromium binary), then npm test again.',
    });
    expect(m.ran).toEqual([]);
  });

  it('names playwright install on a machine without apt-get', async () => {
    const m = ports({ browsers: [NONE], platform: 'darwin', aptGet: false });
    const result = await ensureChromium(m.port);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.line).toContain('run `npx playwright install chromium`');
    expect(!result.ok && result.line.split('\n')).toHaveLength(1);
  });

  it('fetches nothing when CHROMIUM_PATH points nowhere: that is the developer’s setting to fix', async () => {
    const m = ports({
      browsers: [{ found: false, reason: 'CHROMIUM_PATH=/x is not an executable file' }],
      reachable: true,
      isRoot: true,
      env: { CHROMIUM_PATH: '/x' },
    });
    expect(await ensureChromium(m.port)).toEqual({
      ok: false,
      line: 'No Chromium for the end-to-end tests: CHROMIUM_PATH=/x is not an executable file; point CHROMIUM_PATH at a Chrome or Chromium binary, or unset it.',
    });
    expect(m.ran).toEqual([]);
  });
});

function pick(search: ChromiumSearch) {
  if (!search.found) throw new Error('not a found search');
  return { path: search.path, source: search.source };
}
