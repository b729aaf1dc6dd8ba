import type { Parameters } from 'fast-check';

/**
 * fast-check parameters for the property tests: bounded runs in `npm test`; PROPERTY_SEED replays a run
 * (fast-check prints the seed and the shrunk counterexample of a failure) and PROPERTY_RUNS scales the
 * number of runs for a longer search.
 */
export function propertyParams<T>(base: { numRuns: number } & Parameters<T>): Parameters<T> {
  const seed = process.env.PROPERTY_SEED;
  const scale = Number(process.env.PROPERTY_RUNS_SCALE ?? '1');
  return {
    ...base,
    numRuns: Math.max(1, Math.round(base.numRuns * (Number.isFinite(scale) && scale > 0 ? scale : 1))),
    ...(seed === undefined ? {} : { seed: Number(seed) }),
  };
}
