import { elementScroll } from '@tanstack/react-virtual';
import type { Range, Virtualizer } from '@tanstack/react-virtual';

type Rect = { width: number; height: number };

/**
 * The virtualizer's `observeElementRect` without its synchronous first measurement. The stock one reads
 * the scroller's size in the commit that mounts it (`clientHeight` in a layout effect), which forces a
 * style and layout of the whole page there, and the frame then lays it out again with the rows that
 * measurement let in. This one starts from `initialRect` and measures in a ResizeObserver callback,
 * which runs after the frame's layout (nothing forced); a different range re-renders before that frame
 * is painted.
 */
export function observeRectAfterLayout(
  instance: Virtualizer<HTMLDivElement, Element>,
  onRect: (rect: Rect) => void,
): (() => void) | undefined {
  const element = instance.scrollElement;
  if (!element || typeof ResizeObserver === 'undefined') return undefined;
  const observer = new ResizeObserver(() => {
    // Layout is clean in a ResizeObserver callback: reading the size forces nothing.
    onRect({ width: Math.round(element.clientWidth), height: Math.round(element.clientHeight) });
  });
  observer.observe(element, { box: 'content-box' });
  return () => observer.disconnect();
}

/**
 * The virtualizer's `scrollToFn`, except that a write of 0 to a scroller nobody has scrolled yet is
 * skipped: the virtualizer writes its offset once when it gets its scroller, and a fresh element is at 0
 * already, while `scrollTo` forces a layout in the commit that mounted it. Each call makes a new one (one
 * per virtualizer).
 */
export function skipFirstScrollToZero(): typeof elementScroll {
  let fresh = true;
  return (offset, options, instance) => {
    const wasFresh = fresh;
    fresh = false;
    if (wasFresh && offset + (options.adjustments ?? 0) === 0) return;
    elementScroll(offset, options, instance);
  };
}

/** The list's first guess at its scroller: never taller than the window (corrected after layout). */
export function windowRect(): Rect {
  return { width: window.innerWidth, height: window.innerHeight };
}

/**
 * A `rangeExtractor` that mounts `above` rows before the view (instead of the overscan) and the overscan
 * after it. The history's first render of an opened page uses it with few rows above: that render,
 * its layout and its paint are what an open waits for, and rows above the view are not seen yet. Rows
 * after the view keep the full overscan: the first range is reckoned before the newest row is scrolled
 * exactly to the bottom, and those rows are the newest ones.
 */
export function rangeWithRowsAbove(above: number): (range: Range) => number[] {
  return ({ startIndex, endIndex, overscan, count }) => {
    const start = Math.max(0, startIndex - above);
    const end = Math.min(count - 1, endIndex + overscan);
    return Array.from({ length: Math.max(0, end - start + 1) }, (_, i) => start + i);
  };
}
