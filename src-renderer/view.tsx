import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './components/App.tsx';
import { ModelContext } from './hooks/model-context.ts';
import type { AppModel } from './model/app-model.ts';

/**
 * The view: React and every component, a chunk of its own (see main.tsx). Renders the app into `root`
 * from a model that is already running.
 */
export function renderApp(root: HTMLElement, model: AppModel): void {
  createRoot(root).render(
    <StrictMode>
      <ModelContext.Provider value={model}>
        <App />
      </ModelContext.Provider>
    </StrictMode>,
  );
}
