/**
 * Whether two values of the bridge's JSON data (answers and events: plain objects, arrays, strings,
 * numbers, booleans, null) hold the same data. The same row arrives again as a new object after every
 * refresh; keeping the old one when nothing changed lets memoized components skip re-rendering.
 */
export function sameData(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const aKeys = Object.keys(a);
  if (aKeys.length !== Object.keys(b).length) return false;
  const aRecord = a as Record<string, unknown>;
  const bRecord = b as Record<string, unknown>;
  return aKeys.every((key) => Object.hasOwn(bRecord, key) && sameData(aRecord[key], bRecord[key]));
}
