import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src-main/core/clock.ts';
import { Trace } from '../../../src-main/core/trace.ts';
import { TypingTracker } from '../../../src-main/core/typing.ts';
import { LIMITS } from '../../../src-shared/limits.ts';

describe('trace events', () => {
  it('stamp each event with the clock time and resolve the first match after waitFor', async () => {
    const clock = new ManualClock(1_000);
    const trace = new Trace(() => clock.now());
    const waiting = trace.waitFor('message.acked', (e) => e.clientId === 'b');
    trace.emit('message.acked', { clientId: 'a', messageId: 'm1', duplicate: false });
    clock.advance(5);
    trace.emit('message.acked', { clientId: 'b', messageId: 'm2', duplicate: true });
    expect(await waiting).toEqual({
      name: 'message.acked',
      at: 1_005,
      clientId: 'b',
      messageId: 'm2',
      duplicate: true,
    });
  });

  it('never throws for a background failure nobody listens to', () => {
    const trace = new Trace();
    expect(() => trace.emit('core.error', { where: 'test', message: 'nobody hears this' })).not.toThrow();
  });

  it('rejects a wait that is never satisfied, naming the event', async () => {
    await expect(new Trace().waitFor('caught-up', () => true, 10)).rejects.toThrow(/caught-up/);
  });
});

describe('typing indicators', () => {
  it('expire on their own after the shared expiry, and end when the person sends', () => {
    const clock = new ManualClock();
    const seen: string[][] = [];
    const typing = new TypingTracker(clock, (_c, users) => seen.push(users));
    typing.set('c', 'dana', true);
    typing.set('c', 'eli', true);
    expect(typing.typingIn('c')).toEqual(['dana', 'eli']);
    typing.clear('c', 'eli');
    clock.advance(LIMITS.typingExpiryMs - 1);
    expect(typing.typingIn('c')).toEqual(['dana']);
    clock.advance(1);
    expect(typing.typingIn('c')).toEqual([]);
    expect(seen).toEqual([['dana'], ['dana', 'eli'], ['dana'], []]);
  });
});
