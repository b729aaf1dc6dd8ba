/**
 * `npm run screenshots`: runs the screens' end-to-end tests with BEATPASS_SCREENSHOTS=commit, so they
 * write the committed screenshots in tests/e2e/screenshots/ (the README links them) instead of the ignored
 * folder `npm test` uses. Review the changed images with `git diff --stat tests/e2e/screenshots` before
 * committing them.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const result = spawnSync(
  join(root, 'node_modules', '.bin', 'playwright'),
  [
    'test',
    'tests/e2e/ui/screens-dark.spec.ts',
    'tests/e2e/ui/screens-light.spec.ts',
    'tests/e2e/ui/screens-widths.spec.ts',
    ...process.argv.slice(2),
  ],
  { cwd: root, stdio: 'inherit', env: { ...process.env, BEATPASS_SCREENSHOTS: 'commit' } },
);
process.exit(result.status ?? 1);
