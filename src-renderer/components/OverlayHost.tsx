import type { Me } from '../../src-shared/domain.ts';
import type { Overlay } from '../model/ui-state.ts';
import { lazyComponent } from './lazy-component.tsx';

/**
 * Every dialog and panel, loaded on demand: none is needed for the first list paint, and together they are
 * about a third of the components. `preloadOverlays` (Messenger, on idle after the first paint) loads them
 * before anyone presses a shortcut, so a dialog opens in the same frame as before.
 */
const LazyOverlayView = lazyComponent(
  () => import('./OverlayView.tsx').then((m) => m.OverlayView),
  (message) => (
    <p className="form-error overlay-failed" role="alert">
      This panel could not load ({message}). Press Esc to close it.
    </p>
  ),
);

export const preloadOverlays = LazyOverlayView.preload;

/** Renders the overlay stack; only the top one is interactive, the rest are inert behind it. */
export function OverlayHost({ overlays, me }: { overlays: readonly Overlay[]; me: Me }) {
  return (
    <>
      {overlays.map((overlay, i) => (
        <div key={`${i}:${overlay.kind}`} className="overlay-layer" inert={i < overlays.length - 1}>
          <LazyOverlayView.View overlay={overlay} me={me} />
        </div>
      ))}
    </>
  );
}
