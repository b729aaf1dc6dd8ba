import { chromium } from '@playwright/test';
import type { Browser, BrowserContext } from '@playwright/test';
import e2eConfig from '../../playwright.config.ts';
import { installBenchRuntime } from './runtime.ts';

/** The e2e tests' window size (tests/e2e/ui/support/app.ts). */
export const VIEWPORT = { width: 1100, height: 720 };

/**
 * Debian's Chromium, headless, with exactly the e2e tests' executable and flags (read from
 * playwright.config.ts, the one place they are written): never a downloaded browser.
 */
export function launchChromium(): Promise<Browser> {
  const launch = e2eConfig.use?.launchOptions;
  if (!launch?.executablePath) throw new Error('playwright.config.ts names no Chromium executable');
  return chromium.launch({ executablePath: launch.executablePath, headless: true, args: launch.args ?? [] });
}

/** A fresh context (no cache, no storage) with the bench runtime in every page, probing `firstRow`. */
export async function benchContext(browser: Browser, firstRow: string): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: VIEWPORT, colorScheme: 'dark' });
  await context.addInitScript(installBenchRuntime, firstRow);
  return context;
}
