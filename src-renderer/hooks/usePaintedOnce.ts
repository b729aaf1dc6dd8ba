import { useEffect, useState } from 'react';
import { afterNextPaint } from '../lib/after-paint.ts';

/**
 * False until a frame has been painted since `ready` first became true, then true for good. For work a
 * first frame does not need (e.g. rows mounted off screen): it waits until what became ready is on screen.
 */
export function usePaintedOnce(ready: boolean): boolean {
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    if (!ready || painted) return;
    let live = true;
    void afterNextPaint().then(() => live && setPainted(true));
    return () => {
      live = false;
    };
  }, [ready, painted]);
  return painted;
}
