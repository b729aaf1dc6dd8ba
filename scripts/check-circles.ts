/**
 * `npm run circles` (and a check in `npm test`): fails when any import circle exists in the project's
 * TypeScript, type-only imports included. A circle means two parts know each other; give one of them the
 * narrow interface it needs instead (docs/architecture.md, "Layers"). dpdm reads the real import graph.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const GLOBS = [
  'src-*/**/*.ts',
  'src-renderer/**/*.tsx',
  'scripts/**/*.ts',
  'bench/**/*.ts',
  'tests/**/*.ts',
  '*.ts',
];

const result = spawnSync(
  join(root, 'node_modules', '.bin', 'dpdm'),
  ['--no-warning', '--no-tree', '--no-progress', '--exit-code', 'circular:1', ...GLOBS],
  { cwd: root, stdio: 'inherit' },
);
if (result.error) console.error(`dpdm: ${result.error.message}`);
process.exit(result.status ?? 1);
