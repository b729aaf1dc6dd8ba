import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** Builds main, preload and renderer once per run, so the host serves the renderer of this checkout. */
export default function globalSetup(): void {
  const root = join(import.meta.dirname, '..', '..', '..');
  const result = spawnSync(join(root, 'node_modules', '.bin', 'electron-vite'), ['build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('electron-vite build failed: the e2e tests need the built renderer.');
}
