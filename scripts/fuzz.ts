/**
 * `npm run fuzz`: the long fuzz runs (see docs/proof.md). Hostile frames against a real server process
 * (`server`), and against a headless host's WebSocket bridge and the IPC router behind it (`bridge`), in
 * batches; after each batch the target must still answer a new client. Prints the frames tried per target
 * and exits 1 on the first crash, with the seed to replay it.
 *
 *   npm run fuzz                                            100,000 frames at each target, a random seed
 *   npm run fuzz -- --target bridge --frames 5000 --seed 42 a shorter run at one target, replaying seed 42
 */
import { parseArgs } from 'node:util';
import { fuzzBridge } from '../tests/fuzz/bridge-fuzz.ts';
import { startBridgeTarget } from '../tests/fuzz/bridge-target.ts';
import { fuzzServer } from '../tests/fuzz/server-fuzz.ts';
import { spawnServer } from '../tests/support/server-process.ts';

const TARGETS = ['server', 'bridge', 'all'] as const;
type Target = (typeof TARGETS)[number];

const { values } = parseArgs({
  options: {
    frames: { type: 'string', default: '100000' },
    seed: { type: 'string' },
    target: { type: 'string', default: 'all' },
  },
  strict: true,
});
const frames = Number(values.frames);
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
const target = values.target as Target;
if (!Number.isInteger(frames) || frames < 1 || !TARGETS.includes(target)) {
  console.error('npm run fuzz: --frames takes a positive integer, --target one of server, bridge, all');
  process.exit(2);
}
const replay = (name: string) => `npm run fuzz -- --target ${name} --frames ${frames} --seed ${seed}`;

/**
 * Runs one target's fuzzer and prints its figures; a failure prints the replay command and counts as a
 * crash. The target is always closed.
 */
async function run<T extends { close(): Promise<void> }, R extends { framesTried: number; batches: number }>(
  name: 'server' | 'bridge',
  open: () => Promise<T>,
  fuzz: (target: T, log: (line: string) => void) => Promise<R>,
  figures: (result: R) => Record<string, unknown>,
): Promise<boolean> {
  const fuzzTarget = await open();
  try {
    const result = await fuzz(fuzzTarget, (line) => console.error(`[fuzz ${name}] ${line}`));
    console.log(
      `${name} fuzz: seed ${seed}, ${result.framesTried} frames tried in ${result.batches} batches, 0 crashes`,
    );
    for (const [label, value] of Object.entries(figures(result)))
      console.log(`  ${label}: ${JSON.stringify(value)}`);
    return true;
  } catch (error) {
    console.error(`[fuzz ${name}] FAILED (replay: ${replay(name)})`);
    console.error(error instanceof Error ? error.message : String(error));
    return false;
  } finally {
    await fuzzTarget.close();
  }
}

const runServer = () =>
  run(
    'server',
    async () => {
      const server = await spawnServer();
      return { server, close: () => server.cleanup() };
    },
    ({ server }, log) => fuzzServer({ server, seed, frames, batch: 500, log }),
    (result) => ({ 'by kind': result.byKind }),
  );

const runBridge = () =>
  run(
    'bridge',
    startBridgeTarget,
    (bridgeTarget, log) => fuzzBridge({ ...bridgeTarget, seed, frames, batch: 500, log }),
    (result) => ({
      'by kind': result.byKind,
      'envelope frames': result.outcomes,
      'router answers': result.codes,
    }),
  );

let passed = true;
if (target === 'server' || target === 'all') passed = (await runServer()) && passed;
if (target === 'bridge' || target === 'all') passed = (await runBridge()) && passed;
process.exit(passed ? 0 : 1);
