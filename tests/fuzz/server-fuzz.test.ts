import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnServer } from '../support/server-process.ts';
import type { ServerProcess } from '../support/server-process.ts';
import { fuzzServer } from './server-fuzz.ts';

/**
 * The server protocol fuzzer on a short budget (`npm run fuzz` runs it longer): hostile frames against a
 * real server process, which must stay up and answer a new client after every batch. FUZZ_SEED replays.
 */
let server: ServerProcess;
beforeAll(async () => {
  server = await spawnServer();
});
afterAll(async () => {
  await server.cleanup();
});

describe('server protocol fuzzer', () => {
  it('survives random and mutated frames of every kind with zero crashes', async () => {
    const seed = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
    let result;
    try {
      result = await fuzzServer({ server, seed, frames: 1_500, batch: 250 });
    } catch (error) {
      throw new Error(`server fuzz failed with seed ${seed} (replay: FUZZ_SEED=${seed})`, { cause: error });
    }
    console.log(`server fuzz: seed ${seed}, ${result.framesTried} frames, 0 crashes`, result.byKind);
    expect(result.framesTried).toBe(1_500);
    for (const kind of ['mutated', 'random json', 'deep nesting', 'invalid utf-8', 'binary', 'oversized'])
      expect(result.byKind[kind], kind).toBeGreaterThan(0);
  }, 180_000);
});
