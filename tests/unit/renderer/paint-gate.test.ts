import { describe, expect, it, vi } from 'vitest';
import { PaintGate } from '../../../src-renderer/lib/paint-gate.ts';
import { useFakeFrames } from './support/fake-frames.ts';

describe('PaintGate', () => {
  const { nextFrame } = useFakeFrames();

  it('runs work at once while nothing holds it', () => {
    const gate = new PaintGate();
    const ran: string[] = [];
    gate.run(() => ran.push('a'));
    expect(ran).toEqual(['a']);
  });

  it('holds work until the next frame has been painted, then runs it in order', async () => {
    const gate = new PaintGate();
    const ran: string[] = [];
    gate.hold();
    gate.run(() => ran.push('messages'));
    gate.run(() => ran.push('conversation'));
    await vi.advanceTimersByTimeAsync(50);
    expect(ran).toEqual([]);
    nextFrame();
    await vi.advanceTimersByTimeAsync(0);
    expect(ran).toEqual(['messages', 'conversation']);
    gate.run(() => ran.push('later'));
    expect(ran).toEqual(['messages', 'conversation', 'later']);
  });

  it('keeps work behind one that holds the gate again', async () => {
    const gate = new PaintGate();
    const ran: string[] = [];
    gate.hold();
    gate.run(() => {
      ran.push('opened');
      gate.hold();
    });
    gate.run(() => ran.push('after it'));
    nextFrame();
    await vi.advanceTimersByTimeAsync(0);
    expect(ran).toEqual(['opened']);
    nextFrame();
    await vi.advanceTimersByTimeAsync(0);
    expect(ran).toEqual(['opened', 'after it']);
  });

  it('lets go after 100 ms when no frame comes (a hidden window)', async () => {
    const gate = new PaintGate();
    const ran: string[] = [];
    gate.hold();
    gate.run(() => ran.push('a'));
    await vi.advanceTimersByTimeAsync(100);
    expect(ran).toEqual(['a']);
  });
});
