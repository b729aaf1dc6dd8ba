import { percentile } from '../lib/stats.ts';
import type { ScrollResult } from './page-dom.ts';

/** One frame of the 60 Hz clock headless Chromium produces frames on. */
export const FRAME_MS = 1000 / 60;
/** A frame interval longer than this (1.5 frames) counts as a dropped frame. */
export const DROPPED_OVER_MS = FRAME_MS * 1.5;

export interface FrameSummary {
  frames: number;
  dropped: number;
  /** Dropped frames that began while more rows were loading (the frame an older page arrived in). */
  droppedWhileLoading: number;
  /** Intervals over DROPPED_OVER_MS, as a percentage of all intervals. */
  droppedPct: number;
  /** Frame slots of the 60 Hz clock that produced no frame, as a percentage of all slots. */
  missedSlotsPct: number;
  medianMs: number;
  p99Ms: number;
  maxMounted: number;
  seconds: number;
}

export function summarizeFrames(result: ScrollResult): FrameSummary {
  const sorted = [...result.intervals].sort((a, b) => a - b);
  const dropped = sorted.filter((ms) => ms > DROPPED_OVER_MS).length;
  const droppedWhileLoading = result.busyFrames.filter(
    (i) => (result.intervals[i] ?? 0) > DROPPED_OVER_MS,
  ).length;
  let missed = 0;
  let slots = 0;
  for (const ms of sorted) {
    const n = Math.max(1, Math.round(ms / FRAME_MS));
    slots += n;
    missed += n - 1;
  }
  return {
    frames: sorted.length,
    dropped,
    droppedWhileLoading,
    droppedPct: sorted.length ? (100 * dropped) / sorted.length : Number.NaN,
    missedSlotsPct: slots ? (100 * missed) / slots : Number.NaN,
    medianMs: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMounted: result.maxMounted,
    seconds: result.durationMs / 1000,
  };
}

/** "1,234 frames in 20.1 s, median 16.7 ms, p99 33.4 ms, 2.1 % of 60 Hz slots missed". */
export function describeFrames(f: FrameSummary): string {
  return `${f.frames.toLocaleString('en-US')} frames in ${f.seconds.toFixed(1)} s, interval median ${f.medianMs.toFixed(1)} ms, p99 ${f.p99Ms.toFixed(1)} ms, ${f.missedSlotsPct.toFixed(1)} % of 60 Hz slots missed`;
}
