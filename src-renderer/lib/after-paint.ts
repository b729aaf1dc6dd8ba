/** How long to wait for a frame that may never come: a hidden tab produces none. */
const NO_FRAME_MS = 100;

/**
 * Resolves once the next frame has been produced (a task after its requestAnimationFrame callbacks runs
 * after that frame's style, layout and paint), or after 100 ms when no frame comes. For work that must
 * not delay what was just rendered, yet must still run in a tab nobody looks at.
 */
export function afterNextPaint(): Promise<void> {
  // Read from globalThis: the models are also run (and type-checked) in Node, which has no frames.
  const frame = (globalThis as { requestAnimationFrame?: (callback: () => void) => number })
    .requestAnimationFrame;
  return new Promise((resolve) => {
    if (typeof frame !== 'function') {
      resolve();
      return;
    }
    const fallback = setTimeout(resolve, NO_FRAME_MS);
    frame(() => {
      setTimeout(() => {
        clearTimeout(fallback);
        resolve();
      }, 0);
    });
  });
}
