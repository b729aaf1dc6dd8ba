/** Where a menu opens: beside a rectangle (a button, a row, a submenu item) or at a point. */
export interface MenuAnchor {
  rect: { left: number; top: number; right: number; bottom: number };
  placement: 'below-end' | 'right-start' | 'point';
}

/** Space kept between a menu and the window's edge (px). */
const MARGIN = 4;

/** Keeps a menu of this size inside the window, flipping to the other side when it does not fit. */
export function place(
  anchor: MenuAnchor,
  width: number,
  height: number,
  viewport: { width: number; height: number },
): { left: number; top: number } {
  const { rect, placement } = anchor;
  let left: number;
  let top: number;
  if (placement === 'below-end') {
    left = rect.right - width;
    top = rect.bottom + MARGIN;
    if (top + height > viewport.height - MARGIN) top = rect.top - height - MARGIN;
  } else if (placement === 'right-start') {
    left = rect.right;
    top = rect.top - MARGIN;
    if (left + width > viewport.width - MARGIN) left = rect.left - width;
    // No room on either side (a narrow window): drop below the item, indented, so both stay readable.
    if (left < MARGIN) {
      left = rect.left + 16;
      top = rect.bottom;
    }
  } else {
    left = rect.left;
    top = rect.top;
    if (left + width > viewport.width - MARGIN) left = rect.left - width;
    if (top + height > viewport.height - MARGIN) top = rect.top - height;
  }
  return {
    left: clamp(left, MARGIN, viewport.width - width - MARGIN),
    top: clamp(top, MARGIN, viewport.height - height - MARGIN),
  };
}

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(value, Math.max(min, max)));
}
