import { afterEach, beforeEach, vi } from 'vitest';

/**
 * Fake timers and a `requestAnimationFrame` that only queues: a test runs the next frame's callbacks when
 * it says so (`nextFrame()`), so "before the paint" and "after it" are steps of the test, not timing.
 * Call at the top of a `describe`.
 */
export function useFakeFrames(): { nextFrame: () => void } {
  const frames: (() => void)[] = [];
  beforeEach(() => {
    vi.useFakeTimers();
    frames.length = 0;
    vi.stubGlobal('requestAnimationFrame', (callback: () => void) => frames.push(callback));
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });
  return { nextFrame: () => frames.shift()?.() };
}
