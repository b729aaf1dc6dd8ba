import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { Message } from '../../../src-shared/domain.ts';
import { combineSideEffects } from '../../../src-server/features/side-effects.ts';
import type { SideEffects } from '../../../src-server/features/side-effects.ts';

const message: Message = {
  id: 'm1',
  conversationId: 'c1',
  seq: 1,
  authorId: 'u1',
  clientId: 'client-1',
  body: 'hi',
  createdAt: 1,
};

function capturingLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { log: pino({ level: 'error' }, stream), lines };
}

describe('combineSideEffects', () => {
  it('hands each message to every part, and a throwing part neither stops the others nor reaches the sender', async () => {
    const seen: string[] = [];
    const broken: SideEffects = {
      messageCreated: () => {
        throw new Error('boom');
      },
      close: async () => {
        throw new Error('cannot close');
      },
    };
    const working: SideEffects = {
      messageCreated: (m, recipients) => seen.push(`${m.id}->${recipients.join(',')}`),
      close: async () => {
        seen.push('closed');
      },
    };
    const { log, lines } = capturingLogger();
    const combined = combineSideEffects(log, [broken, working]);

    expect(() => combined.messageCreated(message, ['u2'])).not.toThrow();
    await expect(combined.close()).resolves.toBeUndefined();
    expect(seen).toEqual(['m1->u2', 'closed']);
    expect(lines.join('')).toContain('a message side effect failed');
    expect(lines.join('')).toContain('a side effect failed to close');
  });

  it('with no parts, does nothing', async () => {
    const { log } = capturingLogger();
    const none = combineSideEffects(log, []);
    none.messageCreated(message, ['u2']);
    await expect(none.close()).resolves.toBeUndefined();
  });
});
