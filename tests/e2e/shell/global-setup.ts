import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildApp } from '../../../scripts/build-app.ts';

const root = join(import.meta.dirname, '..', '..', '..');
/** Output folders of earlier runs (see playwright.config.ts) older than this are deleted. */
const KEEP_RUNS_MS = 6 * 60 * 60_000;

function pruneOldRuns(): void {
  const results = join(root, 'test-results');
  let entries: string[];
  try {
    entries = readdirSync(results);
  } catch {
    return;
  }
  const cutoff = Date.now() - KEEP_RUNS_MS;
  for (const entry of entries) {
    const path = join(results, entry);
    if (entry.startsWith('run-') && statSync(path).mtimeMs < cutoff)
      rmSync(path, { recursive: true, force: true });
  }
}

/** Builds main, preload and renderer once per run, so the host serves the renderer of this checkout. */
export default function globalSetup(): void {
  pruneOldRuns();
  if (buildApp({ quiet: true }) !== 0)
    throw new Error('electron-vite build failed: the e2e tests need the built renderer.');
}
