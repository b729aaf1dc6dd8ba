/** The real machine behind `FetchPorts` (ensure-chromium.ts): commands, network, permissions. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { findMachineChromium, isExecutable } from './chromium-probe.ts';
import type { FetchPorts } from './ensure-chromium.ts';

const root = join(import.meta.dirname, '..', '..');
/** How long the download host gets to answer before it counts as unreachable. */
const REACH_TIMEOUT_MS = 5_000;

export const machinePorts: FetchPorts = {
  env: process.env,
  platform: process.platform,
  isRoot: process.getuid?.() === 0,
  search: findMachineChromium,
  async reachable(url) {
    try {
      await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(REACH_TIMEOUT_MS) });
      return true;
    } catch (error) {
      console.log(`  ${url}: ${error instanceof Error ? (error.cause ?? error.message) : String(error)}`);
      return false;
    }
  },
  run(command, args) {
    console.log(`\n▶ ${command} ${args.join(' ')}`);
    const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
    if (result.error) console.log(`  ${command}: ${result.error.message}`);
    return result.status ?? 1;
  },
  has(program) {
    const dirs = (process.env.PATH ?? '').split(process.platform === 'win32' ? ';' : ':');
    return dirs.some((dir) => dir !== '' && isExecutable(join(dir, program)));
  },
  canSudo() {
    const result = spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' });
    return result.status === 0;
  },
  log: (line) => console.log(line),
  playwrightBin: join(root, 'node_modules', '.bin', 'playwright'),
};
