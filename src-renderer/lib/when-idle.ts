import { afterNextPaint } from './after-paint.ts';

/** The longest an idle callback waits: a busy page (the list's background pages) still gets it soon. */
const IDLE_TIMEOUT_MS = 1_000;

/**
 * Runs `work` once the next frame has painted and the main thread is idle (or after a second at most):
 * for start-up work the first paint does not need. Returns a cancel function.
 */
export function afterPaintWhenIdle(work: () => void): () => void {
  let cancelled = false;
  let idleHandle: number | null = null;
  const idle = (globalThis as { requestIdleCallback?: Window['requestIdleCallback'] }).requestIdleCallback;
  void afterNextPaint().then(() => {
    if (cancelled) return;
    if (typeof idle === 'function') idleHandle = idle(() => work(), { timeout: IDLE_TIMEOUT_MS });
    else setTimeout(() => !cancelled && work(), 0);
  });
  return () => {
    cancelled = true;
    const cancelIdle = (globalThis as { cancelIdleCallback?: Window['cancelIdleCallback'] })
      .cancelIdleCallback;
    if (idleHandle !== null && typeof cancelIdle === 'function') cancelIdle(idleHandle);
  };
}
