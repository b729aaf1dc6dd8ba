import { describe, expect, it, vi } from 'vitest';
import { afterNextPaint } from '../../../src-renderer/lib/after-paint.ts';
import { useFakeFrames } from './support/fake-frames.ts';

describe('afterNextPaint', () => {
  const { nextFrame } = useFakeFrames();

  it('resolves in a task after the next frame, not before it', async () => {
    let done = false;
    void afterNextPaint().then(() => (done = true));
    await vi.advanceTimersByTimeAsync(50);
    expect(done).toBe(false);
    nextFrame();
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(0);
    expect(done).toBe(true);
  });

  it('resolves after 100 ms when no frame comes (a hidden tab)', async () => {
    let done = false;
    void afterNextPaint().then(() => (done = true));
    await vi.advanceTimersByTimeAsync(99);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
  });
});
