import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzzBridge } from './bridge-fuzz.ts';
import { startBridgeTarget } from './bridge-target.ts';
import type { BridgeTarget } from './bridge-target.ts';

/**
 * The bridge fuzzer on a short budget (`npm run fuzz -- --target bridge` runs it longer): hostile frames
 * against a headless host's WebSocket bridge and, through it, the IPC router, which must answer every
 * request frame, close only the page that sent an unreadable one, and answer a new page after every batch.
 * FUZZ_SEED replays.
 */
let target: BridgeTarget | undefined;
beforeAll(async () => {
  target = await startBridgeTarget();
});
afterAll(async () => {
  await target?.close();
});

describe('bridge fuzzer', () => {
  it('survives random and mutated frames and router requests with zero crashes', async () => {
    const seed = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
    if (!target) throw new Error('no bridge target');
    let result;
    try {
      result = await fuzzBridge({ ...target, seed, frames: 1_200, batch: 300 });
    } catch (error) {
      throw new Error(`bridge fuzz failed with seed ${seed} (replay: FUZZ_SEED=${seed})`, { cause: error });
    }
    console.log(`bridge fuzz: seed ${seed}, ${result.framesTried} frames, 0 crashes`, result);
    expect(result.framesTried).toBe(1_200);
    for (const kind of ['router', 'mutated', 'invalid utf-8', 'binary', 'oversized', 'not json'])
      expect(result.byKind[kind], kind).toBeGreaterThan(0);
    // Every kind of refusal happened, and some hostile-looking frames were still read and answered.
    for (const outcome of ['answered', 'closed 1003', 'closed 1007', 'closed 1009', 'closed 4400'])
      expect(result.outcomes[outcome], outcome).toBeGreaterThan(0);
    expect(result.codes.VALIDATION_FAILED ?? 0).toBeGreaterThan(0);
    expect(target.host.unexpectedErrors).toBe(0);
  }, 120_000);
});
