import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { resolveApi } from './api/window-api.ts';
import { App } from './components/App.tsx';
import { ModelContext } from './hooks/model-context.ts';
import { prepareTimeFormats } from './lib/time.ts';
import { AppModel } from './model/app-model.ts';
import './styles/index.css';

function main(): void {
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root');
  let model: AppModel | null = null;
  // The first "up" may come before the model exists: reachable is where it starts anyway.
  // No preload API: a browser tab on the headless host, which notifies through the page.
  const browserMode = !('api' in window && window.api);
  const api = resolveApi((up) => model?.session.setCoreReachable(up));
  model = new AppModel(api, { browserMode });
  model.start();
  // While the first answers are on their way the main thread waits: build the date formatters then, not
  // in the list's first render.
  const idle: Partial<Pick<Window, 'requestIdleCallback'>> = window;
  if (idle.requestIdleCallback) idle.requestIdleCallback(() => prepareTimeFormats());
  else setTimeout(() => prepareTimeFormats(), 0);
  createRoot(root).render(
    <StrictMode>
      <ModelContext.Provider value={model}>
        <App />
      </ModelContext.Provider>
    </StrictMode>,
  );
}

main();
