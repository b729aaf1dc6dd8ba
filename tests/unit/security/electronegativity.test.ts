import { describe, expect, it } from 'vitest';
import { describeIssue, scanAppSources, scanKnownBadApp } from './electronegativity.ts';

/**
 * Electronegativity over src-main/electron and src-preload (docs/security.md): zero HIGH or MEDIUM findings.
 * A false positive is disabled where it is found (`// eng-disable CHECK_ID` on its line), with the reason
 * in a comment beside it; LOW and informational ones are printed for review.
 */
describe('electronegativity', () => {
  it('finds holes in an app that has them (the scanner works here, offline)', async () => {
    const result = await scanKnownBadApp();
    const ids = result.issues.map((i) => i.id);
    expect(ids).toContain('NODE_INTEGRATION_JS_CHECK');
    expect(ids).toContain('CONTEXT_ISOLATION_JS_CHECK');
  }, 60_000);

  it('reports no HIGH or MEDIUM finding in the app', async () => {
    const result = await scanAppSources();
    expect(result.errors).toEqual([]);
    expect(result.atomicChecks).toBeGreaterThan(30);
    const serious = result.issues.filter((i) => i.severity.name === 'HIGH' || i.severity.name === 'MEDIUM');
    const minor = result.issues.filter((i) => !serious.includes(i));
    if (minor.length > 0)
      console.log(`electronegativity, for review:\n${minor.map(describeIssue).join('\n')}`);
    expect(serious.map(describeIssue)).toEqual([]);
  }, 60_000);
});
