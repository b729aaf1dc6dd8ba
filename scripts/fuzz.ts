/**
 * `npm run fuzz`: the long fuzz run (see docs/proof.md). Hostile WebSocket frames against a real server
 * process in batches; after each batch the process must still answer a new client. Prints the frames
 * tried and exits 1 on the first crash, with the seed to replay it.
 *
 *   npm run fuzz                              100,000 frames, a random seed
 *   npm run fuzz -- --frames 5000 --seed 42   a shorter run, replaying seed 42
 */
import { parseArgs } from 'node:util';
import { fuzzServer } from '../tests/fuzz/server-fuzz.ts';
import { spawnServer } from '../tests/support/server-process.ts';

const { values } = parseArgs({
  options: { frames: { type: 'string', default: '100000' }, seed: { type: 'string' } },
  strict: true,
});
const frames = Number(values.frames);
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
if (!Number.isInteger(frames) || frames < 1) {
  console.error('npm run fuzz: --frames takes a positive integer');
  process.exit(2);
}
const server = await spawnServer();
let failed = false;
try {
  const result = await fuzzServer({
    server,
    seed,
    frames,
    batch: 500,
    log: (line) => console.error(`[fuzz] ${line}`),
  });
  console.log(
    `server fuzz: seed ${seed}, ${result.framesTried} frames tried in ${result.batches} batches, 0 crashes`,
  );
  console.log(`  by kind: ${JSON.stringify(result.byKind)}`);
} catch (error) {
  failed = true;
  console.error(`[fuzz] FAILED (replay: npm run fuzz -- --frames ${frames} --seed ${seed})`);
  console.error(error instanceof Error ? error.message : String(error));
} finally {
  await server.cleanup();
}
process.exit(failed ? 1 : 0);
