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

async function runServer(): Promise<boolean> {
  const server = await spawnServer();
  try {
    const result = await fuzzServer({
      server,
      seed,
      frames,
      batch: 500,
      log: (line) => console.error(`[fuzz server] ${line}`),
    });
    console.log(
      `server fuzz: seed ${seed}, ${result.framesTried} frames tried in ${result.batches} batches, 0 crashes`,
    );
    console.log(`  by kind: ${JSON.stringify(result.byKind)}`);
    return true;
  } catch (error) {
    console.error(`[fuzz server] FAILED (replay: ${replay('server')})`);
    console.error(error instanceof Error ? error.message : String(error));
    return false;
  } finally {
    await server.cleanup();
  }
}

async function runBridge(): Promise<boolean> {
  const bridgeTarget = await startBridgeTarget();
  try {
    const result = await fuzzBridge({
      ...bridgeTarget,
      seed,
      frames,
      batch: 500,
      log: (line) => console.error(`[fuzz bridge] ${line}`),
    });
    console.log(
      `bridge fuzz: seed ${seed}, ${result.framesTried} frames tried in ${result.batches} batches, 0 crashes`,
    );
    console.log(`  by kind: ${JSON.stringify(result.byKind)}`);
    console.log(`  envelope frames: ${JSON.stringify(result.outcomes)}`);
    console.log(`  router answers: ${JSON.stringify(result.codes)}`);
    return true;
  } catch (error) {
    console.error(`[fuzz bridge] FAILED (replay: ${replay('bridge')})`);
    console.error(error instanceof Error ? error.message : String(error));
    return false;
  } finally {
    await bridgeTarget.close();
  }
}

let passed = true;
if (target === 'server' || target === 'all') passed = (await runServer()) && passed;
if (target === 'bridge' || target === 'all') passed = (await runBridge()) && passed;
process.exit(passed ? 0 : 1);
