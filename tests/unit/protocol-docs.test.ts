import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src-shared/errors.ts';
import { OP_NAMES, ephemeralEventSchema, userEventSchema } from '../../src-shared/protocol.ts';

// docs/protocol.md is the protocol's public description: it must name everything the code can send.
const doc = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'protocol.md'), 'utf8');
const eventTypes = [...userEventSchema.options, ...ephemeralEventSchema.options].map(
  (o) => o.shape.type.value,
);

describe('docs/protocol.md', () => {
  it.each(OP_NAMES)('documents the operation %s', (op) => {
    expect(doc).toContain(`\`${op}\``);
  });

  it.each(eventTypes)('documents the event %s', (type) => {
    expect(doc).toContain(`\`${type}\``);
  });

  it.each([...ERROR_CODES])('documents the error code %s', (code) => {
    expect(doc).toContain(`| \`${code}\` |`);
  });
});
