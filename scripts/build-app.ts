/**
 * Builds main, preload and renderer into `out/` with electron-vite (no Electron binary needed), from the
 * project's one build config, `vite.config.ts`. `npm run build`, `npm start`, the end-to-end set-up and the
 * bench all build through here, so the config is named in one place.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
export const BUILD_CONFIG = join(root, 'vite.config.ts');

/** Runs the build in the foreground; returns the exit status (0 when it built). */
export function buildApp(options: { quiet?: boolean } = {}): number {
  const args = ['build', '--config', BUILD_CONFIG];
  if (options.quiet) args.push('--logLevel', 'warn');
  const result = spawnSync(join(root, 'node_modules', '.bin', 'electron-vite'), args, {
    cwd: root,
    stdio: 'inherit',
  });
  return result.status ?? 1;
}

// `node scripts/build-app.ts`: what `npm run build` runs.
if (import.meta.filename === process.argv[1]) process.exit(buildApp());
