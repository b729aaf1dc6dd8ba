/** The real machine behind `ChromiumProbe`: this process's environment and file system, and Playwright. */
import { accessSync, constants, statSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { findChromium } from './chromium.ts';
import type { ChromiumProbe, ChromiumSearch } from './chromium.ts';

export function isExecutable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false; // missing or not executable: not this candidate
  }
}

export const machineProbe: ChromiumProbe = {
  env: process.env,
  platform: process.platform,
  isExecutable,
  playwrightChromium: () => chromium.executablePath(),
};

/** The Chromium this machine has now (see chromium.ts for the order of the search). */
export function findMachineChromium(): ChromiumSearch {
  return findChromium(machineProbe);
}
