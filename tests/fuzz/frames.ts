import fc from 'fast-check';

/**
 * Hostile WebSocket frames for the fuzzers, generated from a seed (fast-check's arbitraries, sampled):
 * random and mutated JSON, wrong types, deep nesting, huge numbers, prototype keys, invalid UTF-8,
 * binary, oversized. `valid` builds well-formed frames of the target's own protocol to mutate.
 */
export interface Frame {
  data: Buffer | string;
  binary: boolean;
  /** What kind of frame this is, for a failure report. */
  kind: string;
}

const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', ''];

export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({ maxDepth: 4, withBigInt: false, withObjectString: true, withNullPrototype: true }),
  fc.constantFrom(
    1e308,
    -1e308,
    Number.MAX_SAFE_INTEGER + 2,
    -0,
    0.1,
    2 ** 53,
    -1,
    '',
    ' '.repeat(300),
    '\u202e\u2066bidi',
    '\ud800',
    'x'.repeat(10_000),
    null,
    true,
    [],
    {},
  ),
  fc.string({ maxLength: 200 }),
  fc.integer(),
  fc.double(),
);

/** A JSON value nested `depth` deep (arrays or objects), small enough to fit under a frame cap. */
function nested(depth: number, objects: boolean): string {
  return objects ? '{"a":'.repeat(depth) + '1' + '}'.repeat(depth) : '['.repeat(depth) + ']'.repeat(depth);
}

/** Bytes that are not valid UTF-8 (lone continuation, overlong, surrogate, truncated sequences). */
const INVALID_UTF8 = [
  Buffer.from([0x80]),
  Buffer.from([0xc0, 0xaf]),
  Buffer.from([0xed, 0xa0, 0x80]),
  Buffer.from([0xf4, 0x90, 0x80, 0x80]),
  Buffer.from([0xe2, 0x82]),
  Buffer.from([0xff, 0xfe]),
];

/** A value as text however odd it is (null-prototype objects have no toString). */
function asText(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

export function json(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'undefined';
  } catch {
    return asText(value);
  }
}

/** Replaces, deletes or retypes one field somewhere in `value` (a mutated but mostly valid frame). */
export function mutate(value: unknown, random: () => number, replacement: unknown): unknown {
  if (value === null || typeof value !== 'object') return replacement;
  const copy: Record<string, unknown> = Array.isArray(value)
    ? ({ ...value } as Record<string, unknown>)
    : { ...(value as Record<string, unknown>) };
  const keys = Object.keys(copy);
  const roll = random();
  if (keys.length === 0 || roll < 0.15) {
    const key = HOSTILE_KEYS[Math.floor(random() * HOSTILE_KEYS.length)] ?? 'x';
    Object.defineProperty(copy, key, {
      value: replacement,
      enumerable: true,
      configurable: true,
      writable: true,
    });
    return copy;
  }
  const key = keys[Math.floor(random() * keys.length)] ?? '';
  if (roll < 0.35) delete copy[key];
  else if (roll < 0.6) copy[key] = mutate(copy[key], random, replacement);
  else copy[key] = replacement;
  return copy;
}

export interface FrameSource {
  /** Well-formed frames of the target's protocol, to mutate. */
  valid(random: () => number): unknown;
  /** The target's frame cap: frames above it are sent too. */
  maxBytes: number;
}

/** `count` hostile frames from `seed`. */
export function hostileFrames(seed: number, count: number, source: FrameSource): Frame[] {
  const values = fc.sample(hostileValue, { seed, numRuns: count });
  let state = seed >>> 0;
  const random = () => {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return state / 4294967296;
  };
  return values.map((value, i): Frame => {
    const roll = random();
    if (roll < 0.4) {
      const mutated = mutate(source.valid(random), random, value);
      return { data: json(mutated), binary: false, kind: 'mutated' };
    }
    if (roll < 0.55) return { data: json(value), binary: false, kind: 'random json' };
    if (roll < 0.62) {
      const text = JSON.stringify(source.valid(random));
      return {
        data: text.slice(0, Math.floor(random() * text.length)),
        binary: false,
        kind: 'truncated json',
      };
    }
    if (roll < 0.68)
      return {
        data: nested(2_000 + Math.floor(random() * 20_000), random() < 0.5),
        binary: false,
        kind: 'deep nesting',
      };
    if (roll < 0.74) {
      const bad = INVALID_UTF8[i % INVALID_UTF8.length] ?? Buffer.from([0x80]);
      return {
        data: Buffer.concat([Buffer.from('{"type":"request","id":"'), bad, Buffer.from('"}')]),
        binary: false,
        kind: 'invalid utf-8',
      };
    }
    if (roll < 0.8)
      return { data: Buffer.from(JSON.stringify(source.valid(random))), binary: true, kind: 'binary' };
    if (roll < 0.84)
      return {
        data: 'x'.repeat(source.maxBytes + 1 + Math.floor(random() * 1000)),
        binary: false,
        kind: 'oversized',
      };
    if (roll < 0.9)
      return {
        data: `{"type":"request","id":"n","n":${'9'.repeat(400)}e999999}`,
        binary: false,
        kind: 'huge number',
      };
    return { data: asText(value), binary: false, kind: 'not json' };
  });
}
