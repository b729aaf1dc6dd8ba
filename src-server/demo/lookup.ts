/** A map entry the seed itself put there; its absence is a bug in the seed, so it throws. */
export function required<K, V>(map: ReadonlyMap<K, V>, key: K): V {
  const value = map.get(key);
  if (value === undefined) throw new Error(`demo seed: missing ${String(key)}`);
  return value;
}
