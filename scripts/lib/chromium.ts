/**
 * Where the end-to-end tests find a Chromium. Pure: everything it needs to know about the machine comes
 * through a `ChromiumProbe`, so the order of the search is unit-tested without uninstalling anything
 * (tests/unit/scripts/chromium.test.ts). `chromium-probe.ts` is the real probe.
 *
 * The order, first hit wins:
 * 1. `CHROMIUM_PATH`, when set: the developer's explicit choice. Set but not an executable file is an
 *    error, never a silent fall-through to another browser.
 * 2. Playwright's own Chromium (`npx playwright install chromium`), the build Playwright is tested with.
 * 3. The system's Chromium or Chrome: `chromium`, `chromium-browser`, `google-chrome`,
 *    `google-chrome-stable` on PATH, then the usual install folders of macOS and Windows.
 */

export interface ChromiumProbe {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: NodeJS.Platform;
  /** Is there an executable file at this path? */
  isExecutable(path: string): boolean;
  /** Where Playwright's own Chromium is when installed (the path is known whether or not it is). */
  playwrightChromium(): string;
}

export type ChromiumSource = 'CHROMIUM_PATH' | 'playwright' | 'system';

export type ChromiumSearch =
  { found: true; path: string; source: ChromiumSource } | { found: false; reason: string };

/** Program names looked up on PATH, in this order. */
export const SYSTEM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

export function findChromium(probe: ChromiumProbe): ChromiumSearch {
  const explicit = probe.env.CHROMIUM_PATH;
  if (explicit !== undefined && explicit !== '') {
    return probe.isExecutable(explicit)
      ? { found: true, path: explicit, source: 'CHROMIUM_PATH' }
      : { found: false, reason: `CHROMIUM_PATH=${explicit} is not an executable file` };
  }
  const own = probe.playwrightChromium();
  if (probe.isExecutable(own)) return { found: true, path: own, source: 'playwright' };
  for (const candidate of systemCandidates(probe)) {
    if (probe.isExecutable(candidate)) return { found: true, path: candidate, source: 'system' };
  }
  return { found: false, reason: 'no Chromium or Chrome on this machine' };
}

/** Every path where a system Chromium or Chrome may be, in the order they are tried. */
export function systemCandidates(probe: Pick<ChromiumProbe, 'env' | 'platform'>): string[] {
  const windows = probe.platform === 'win32';
  const separator = windows ? ';' : ':';
  const slash = windows ? '\\' : '/';
  const pathVar = probe.env.PATH ?? probe.env.Path ?? '';
  const dirs = pathVar.split(separator).filter((dir) => dir !== '');
  const names = windows ? SYSTEM_NAMES.map((name) => `${name}.exe`).concat('chrome.exe') : SYSTEM_NAMES;
  const onPath = dirs.flatMap((dir) => names.map((name) => `${dir.replace(/[\\/]+$/, '')}${slash}${name}`));
  return [...onPath, ...installFolders(probe)];
}

function installFolders({ env, platform }: Pick<ChromiumProbe, 'env' | 'platform'>): string[] {
  switch (platform) {
    case 'darwin':
      return [
        '/Applications/Chromium.app/Contents/MacOS/Chromium',
        '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      ];
    case 'win32':
      return [env.LOCALAPPDATA, env.PROGRAMFILES, env['PROGRAMFILES(X86)']]
        .filter((dir): dir is string => dir !== undefined && dir !== '')
        .map((dir) => `${dir}\\Google\\Chrome\\Application\\chrome.exe`);
    default:
      // Linux and the BSDs: package managers put it on PATH (snap under /snap/bin, usually on PATH too).
      return ['/snap/bin/chromium'];
  }
}
