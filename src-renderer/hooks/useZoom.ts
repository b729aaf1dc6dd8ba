import { useEffect } from 'react';
import { useUi } from './useUi.ts';

/** Applies the zoom level by scaling the root font size (every size in the CSS is in rem). */
export function useZoom(): number {
  const { zoom } = useUi();
  useEffect(() => {
    document.documentElement.style.fontSize = `${zoom * 100}%`;
  }, [zoom]);
  return zoom;
}
