import { describe, expect, it } from 'vitest';
import { formatReport, runChaos } from './run-chaos.ts';

/**
 * The CI-sized chaos run (`npm run chaos` is the long one): three real client cores in child processes,
 * a real server process, a fault proxy per core, and every kind of fault at least once. Seeded: set
 * CHAOS_SEED to replay a run; the seed is printed with the figures.
 */
describe('chaos', () => {
  it('loses, duplicates and reorders nothing through server kills, core kills, resets, black holes and cuts', async () => {
    const seed = Number(process.env.CHAOS_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const report = await runChaos({
      messages: 400,
      cores: 3,
      seed,
      window: 15,
      faultGap: [40, 60],
      catchUpBudgetMs: 30_000,
    });
    console.log(formatReport(report));
    const context = `seed ${seed}\n${formatReport(report)}`;
    for (const count of Object.values(report.faults)) expect(count, context).toBeGreaterThan(0);
    expect(report.unsentAtKill, context).toBeGreaterThan(0);
    expect(report.attempted, context).toBeGreaterThanOrEqual(400);
    expect(report.acked, context).toBe(report.attempted);
    // Back in sync comes first; the outbox drain after it is the rest of each catch-up.
    expect(report.resyncMs.length, context).toBe(report.catchUpMs.length);
    report.resyncMs.forEach((ms, i) => expect(ms, context).toBeLessThanOrEqual(report.catchUpMs[i] ?? 0));
    expect(
      {
        lost: report.lost,
        duplicated: report.duplicated,
        reordered: report.reordered,
        failed: report.failed,
        phantom: report.phantom,
        cacheMissing: report.cacheMissing,
        cacheDuplicated: report.cacheDuplicated,
        cacheReordered: report.cacheReordered,
        cacheExtra: report.cacheExtra,
      },
      context,
    ).toEqual({
      lost: 0,
      duplicated: 0,
      reordered: 0,
      failed: 0,
      phantom: 0,
      cacheMissing: 0,
      cacheDuplicated: 0,
      cacheReordered: 0,
      cacheExtra: 0,
    });
  }, 240_000);
});
