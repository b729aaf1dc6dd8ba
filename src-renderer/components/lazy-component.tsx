import { useEffect, useState } from 'react';
import type { ComponentType, ReactNode } from 'react';

export interface LazyComponent<P> {
  /** Renders the component once its chunk is loaded; until then nothing (or `failed` if it could not load). */
  View: (props: P) => ReactNode;
  /** Loads the chunk now (e.g. on idle after the first paint), so the first render needs no wait. */
  preload(): Promise<void>;
}

/**
 * A component from a chunk of its own (a dynamic `import()`, which Vite splits out of the first bundle).
 * Unlike `React.lazy`, a preloaded component renders in the same commit as whatever asked for it: no
 * Suspense round and no frame without it. A chunk that failed to load is tried again on the next mount,
 * and meanwhile `failed` says so (never a blank).
 */
export function lazyComponent<P extends object>(
  load: () => Promise<ComponentType<P>>,
  failed: (message: string) => ReactNode,
): LazyComponent<P> {
  let loaded: ComponentType<P> | null = null;
  let loading: Promise<ComponentType<P>> | null = null;
  const start = (): Promise<ComponentType<P>> => {
    loading ??= load().then(
      (component) => {
        loaded = component;
        return component;
      },
      (error: unknown) => {
        loading = null;
        throw error;
      },
    );
    return loading;
  };

  function View(props: P): ReactNode {
    const [, setReady] = useState(false);
    const [error, setError] = useState<string | null>(null);
    useEffect(() => {
      if (loaded) return;
      let live = true;
      start().then(
        () => live && setReady(true),
        (reason: unknown) => live && setError(reason instanceof Error ? reason.message : String(reason)),
      );
      return () => {
        live = false;
      };
    }, []);
    const Loaded = loaded;
    if (Loaded) return <Loaded {...props} />;
    return error === null ? null : failed(error);
  }

  return { View, preload: () => start().then(() => undefined) };
}
