import { describe, expect, it } from 'vitest';
import { findChromium, systemCandidates } from '../../../scripts/lib/chromium.ts';
import type { ChromiumProbe } from '../../../scripts/lib/chromium.ts';

const OWN = '/home/dev/.cache/ms-playwright/chromium-1255/chrome-linux64/chrome';

/** A machine where exactly `executables` exist. */
function machine(
  executables: string[],
  env: Record<string, string> = { PATH: '/usr/local/bin:/usr/bin:/bin' },
  platform: NodeJS.Platform = 'linux',
): ChromiumProbe {
  const present = new Set(executables);
  return { env, platform, isExecutable: (path) => present.has(path), playwrightChromium: () => OWN };
}

describe('findChromium', () => {
  it('finds nothing on a machine without any browser, and says so', () => {
    expect(findChromium(machine([]))).toEqual({
      found: false,
      reason: 'no Chromium or Chrome on this machine',
    });
  });

  it("finds the system's chromium on PATH", () => {
    expect(findChromium(machine(['/usr/bin/chromium']))).toEqual({
      found: true,
      path: '/usr/bin/chromium',
      source: 'system',
    });
  });

  it('finds chromium-browser and google-chrome too, in the PATH order of their folders', () => {
    expect(findChromium(machine(['/usr/bin/chromium-browser']))).toEqual({
      found: true,
      path: '/usr/bin/chromium-browser',
      source: 'system',
    });
    expect(findChromium(machine(['/usr/bin/google-chrome', '/usr/local/bin/google-chrome-stable']))).toEqual({
      found: true,
      path: '/usr/local/bin/google-chrome-stable',
      source: 'system',
    });
  });

  it("prefers Playwright's own Chromium to the system's", () => {
    expect(findChromium(machine(['/usr/bin/chromium', OWN]))).toEqual({
      found: true,
      path: OWN,
      source: 'playwright',
    });
  });

  it('takes CHROMIUM_PATH before anything else', () => {
    const probe = machine(['/usr/bin/chromium', OWN, '/opt/chrome/chrome'], {
      PATH: '/usr/bin',
      CHROMIUM_PATH: '/opt/chrome/chrome',
    });
    expect(findChromium(probe)).toEqual({ found: true, path: '/opt/chrome/chrome', source: 'CHROMIUM_PATH' });
  });

  it('never falls through to another browser when CHROMIUM_PATH points nowhere', () => {
    const probe = machine(['/usr/bin/chromium', OWN], { PATH: '/usr/bin', CHROMIUM_PATH: '/opt/nothing' });
    expect(findChromium(probe)).toEqual({
      found: false,
      reason: 'CHROMIUM_PATH=/opt/nothing is not an executable file',
    });
  });

  it('finds Chrome in the macOS Applications folder', () => {
    const chrome = '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';
    expect(findChromium(machine([chrome], { PATH: '/usr/bin' }, 'darwin'))).toEqual({
      found: true,
      path: chrome,
      source: 'system',
    });
  });

  it('finds Chrome under Program Files on Windows, and .exe names on its Path', () => {
    const env = { Path: 'C:\\Tools\\;C:\\Windows', PROGRAMFILES: 'C:\\Program Files' };
    const installed = 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe';
    expect(findChromium(machine([installed], env, 'win32'))).toEqual({
      found: true,
      path: installed,
      source: 'system',
    });
    expect(systemCandidates({ env, platform: 'win32' })).toContain('C:\\Tools\\chromium.exe');
  });
});
