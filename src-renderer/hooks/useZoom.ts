import { useEffect } from 'react';
import { useUi } from './useUi.ts';

/**
 * Applies zoom (by scaling the root font size: every size in the CSS is in rem) and density (a
 * `data-density` attribute the CSS tightens spacing on) to the document.
 */
export function useZoom(): number {
  const { zoom, density } = useUi();
  useEffect(() => {
    document.documentElement.style.fontSize = `${zoom * 100}%`;
  }, [zoom]);
  useEffect(() => {
    document.documentElement.dataset.density = density;
  }, [density]);
  return zoom;
}
