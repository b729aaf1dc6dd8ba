import { useCallback, useSyncExternalStore } from 'react';
import { useUi } from './useUi.ts';

/**
 * Below this width (CSS px at 100 % zoom) the window shows one pane: the list or the conversation. Two
 * panes need the 16 rem list plus about 24 rem for messages; zoom scales the rem, so the breakpoint
 * scales with it.
 */
export const NARROW_BELOW_PX = 640;

/** Whether the window is in the one-pane layout now (follows resizes and zoom). */
export function useNarrow(): boolean {
  const { zoom } = useUi();
  const query = `(max-width: ${NARROW_BELOW_PX * zoom - 0.02}px)`;
  const subscribe = useCallback(
    (listener: () => void) => {
      const media = window.matchMedia(query);
      media.addEventListener('change', listener);
      return () => media.removeEventListener('change', listener);
    },
    [query],
  );
  return useSyncExternalStore(
    subscribe,
    () => window.matchMedia(query).matches,
    () => false,
  );
}
