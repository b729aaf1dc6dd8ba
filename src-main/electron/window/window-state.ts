import { z } from 'zod';

/**
 * The main window's remembered size and position, and the rules for restoring them: a window saved on a
 * monitor that is no longer attached (or mostly off screen) comes back centred on the primary display.
 */
export const windowBoundsSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  maximized: z.boolean(),
});
export type WindowBounds = z.infer<typeof windowBoundsSchema>;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Compact enough to sit beside a DAW: the conversation list collapses below ~600 px (renderer's job). */
export const WINDOW_MIN_WIDTH = 340;
export const WINDOW_MIN_HEIGHT = 420;
export const WINDOW_DEFAULT_WIDTH = 980;
export const WINDOW_DEFAULT_HEIGHT = 680;

/** At least this much of the title bar must be on some display for saved bounds to be used. */
const MIN_VISIBLE_PX = 80;

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)),
    height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)),
  };
}

/**
 * Where to open the window: the saved bounds when they are still visible on one of `displays` (work
 * areas), clamped to the minimum size and the display; otherwise the default size, centred on `primary`.
 */
export function restoreBounds(
  saved: WindowBounds | null,
  displays: readonly Rect[],
  primary: Rect,
): WindowBounds {
  const centred = (): WindowBounds => {
    const width = Math.min(WINDOW_DEFAULT_WIDTH, primary.width);
    const height = Math.min(WINDOW_DEFAULT_HEIGHT, primary.height);
    return {
      x: Math.round(primary.x + (primary.width - width) / 2),
      y: Math.round(primary.y + (primary.height - height) / 2),
      width: Math.max(width, WINDOW_MIN_WIDTH),
      height: Math.max(height, WINDOW_MIN_HEIGHT),
      maximized: false,
    };
  };
  if (!saved) return centred();
  const titleBar: Rect = { x: saved.x, y: saved.y, width: saved.width, height: 32 };
  const home = displays.find((display) => {
    const seen = overlap(titleBar, display);
    return seen.width >= Math.min(MIN_VISIBLE_PX, saved.width) && seen.height > 0;
  });
  if (!home) return { ...centred(), maximized: saved.maximized };
  const width = Math.min(Math.max(saved.width, WINDOW_MIN_WIDTH), Math.max(home.width, WINDOW_MIN_WIDTH));
  const height = Math.min(
    Math.max(saved.height, WINDOW_MIN_HEIGHT),
    Math.max(home.height, WINDOW_MIN_HEIGHT),
  );
  return { x: saved.x, y: saved.y, width, height, maximized: saved.maximized };
}
