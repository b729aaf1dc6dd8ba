/**
 * `npm test`: every check and every test runner, one after another, then one plain closing line
 * `N passed, N failed` summed over all of them (CI reads that line; the runners' own summaries differ).
 *
 * Type checks and lint count as one check each; Vitest and Playwright report their test counts through
 * their JSON reporters, which this script reads back.
 *
 * Before anything runs it makes sure the end-to-end tests have a Chromium (scripts/lib/ensure-chromium.ts:
 * found, fetched, or one line naming the command to run, and then nothing else runs: never a silent skip).
 * After everything it checks the git tree is as it found it ("clean tree"): tests write only to ignored
 * folders (.tmp, test-results, out).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureChromium } from './lib/ensure-chromium.ts';
import { machinePorts } from './lib/fetch-ports.ts';

const root = join(import.meta.dirname, '..');
const tmp = join(root, '.tmp');
mkdirSync(tmp, { recursive: true });

interface Tally {
  name: string;
  passed: number;
  failed: number;
  skipped: number;
}
const tallies: Tally[] = [];

function run(command: string, args: string[], env: Record<string, string> = {}): number {
  console.log(`\n▶ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status ?? 1;
}

function check(name: string, command: string, args: string[]): void {
  const ok = run(command, args) === 0;
  tallies.push({ name, passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0 });
}

const bin = (name: string) => join(root, 'node_modules', '.bin', name);

/** Prints the summary and exits: 0 when something passed and nothing failed. */
function finish(): never {
  console.log('\nSummary');
  for (const t of tallies)
    console.log(
      `  ${t.name.padEnd(22)} ${t.passed} passed, ${t.failed} failed${t.skipped ? `, ${t.skipped} skipped` : ''}`,
    );
  const passed = tallies.reduce((n, t) => n + t.passed, 0);
  const failed = tallies.reduce((n, t) => n + t.failed, 0);
  const line = `${passed} passed, ${failed} failed`;
  writeFileSync(join(tmp, 'test-summary.txt'), `${line}\n`);
  console.log(line);
  process.exit(failed === 0 && passed > 0 ? 0 : 1);
}

/** `git status --porcelain` lines of the checkout, or null outside a git checkout (an unpacked tarball). */
function treeState(): Set<string> | null {
  const result = spawnSync('git', ['status', '--porcelain', '--untracked-files=all'], {
    cwd: root,
    encoding: 'utf8',
  });
  return result.status === 0 ? new Set(result.stdout.split('\n').filter((line) => line !== '')) : null;
}

const e2eDir = join(root, 'tests', 'e2e');
const hasE2e =
  existsSync(e2eDir) && readdirSync(e2eDir, { recursive: true }).some((f) => String(f).endsWith('.spec.ts'));
if (hasE2e) {
  const chromium = await ensureChromium(machinePorts);
  if (!chromium.ok) {
    console.log(chromium.line);
    tallies.push({ name: 'chromium', passed: 0, failed: 1, skipped: 0 });
    finish();
  }
  console.log(`Chromium for the end-to-end tests: ${chromium.path} (${chromium.source})`);
}
const treeBefore = treeState();

check('typecheck (node)', bin('tsc'), ['-p', 'tsconfig.node.json']);
check('typecheck (electron)', bin('tsc'), ['-p', 'tsconfig.electron.json']);
check('typecheck (web)', bin('tsc'), ['-p', 'tsconfig.web.json']);
check('lint', bin('eslint'), ['.']);
check('format', bin('prettier'), ['--check', '.']);
check('import circles', process.execPath, [join(root, 'scripts', 'check-circles.ts')]);

// Vitest: unit + integration projects.
{
  const out = join(tmp, 'vitest.json');
  const status = run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile=${out}`]);
  const tally: Tally = { name: 'vitest', passed: 0, failed: 0, skipped: 0 };
  if (existsSync(out)) {
    const report = JSON.parse(readFileSync(out, 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
      numPendingTests: number;
      numTodoTests: number;
      testResults: { status: string; assertionResults: unknown[] }[];
    };
    tally.passed = report.numPassedTests;
    tally.failed = report.numFailedTests;
    tally.skipped = report.numPendingTests + report.numTodoTests;
    // A test file that fails to load has no assertion results; count it as a failure.
    tally.failed += report.testResults.filter(
      (file) => file.status === 'failed' && file.assertionResults.length === 0,
    ).length;
  }
  if (status !== 0 && tally.failed === 0) tally.failed = 1;
  tallies.push(tally);
}

// Playwright: end-to-end tests in Chromium.
if (hasE2e) {
  const out = join(tmp, 'playwright.json');
  const status = run(bin('playwright'), ['test'], { PLAYWRIGHT_JSON_OUTPUT_NAME: out });
  const tally: Tally = { name: 'playwright', passed: 0, failed: 0, skipped: 0 };
  if (existsSync(out)) {
    const report = JSON.parse(readFileSync(out, 'utf8')) as {
      stats: { expected: number; unexpected: number; flaky: number; skipped: number };
    };
    tally.passed = report.stats.expected + report.stats.flaky;
    tally.failed = report.stats.unexpected;
    tally.skipped = report.stats.skipped;
  }
  if (status !== 0 && tally.failed === 0) tally.failed = 1;
  tallies.push(tally);
}

if (treeBefore !== null) {
  const changed = [...(treeState() ?? [])].filter((line) => !treeBefore.has(line));
  if (changed.length > 0) {
    console.log(
      '\nThe run changed the git tree (a test wrote outside the ignored folders, or a file was edited meanwhile):',
    );
    for (const line of changed) console.log(`  ${line}`);
  }
  const clean = changed.length === 0;
  tallies.push({ name: 'clean tree', passed: clean ? 1 : 0, failed: clean ? 0 : 1, skipped: 0 });
}

finish();
