import { resolveApi } from './api/window-api.ts';
import { prepareTimeFormats } from './lib/time.ts';
import { AppModel } from './model/app-model.ts';
import './styles/index.css';

/**
 * The entry is the model and the bridge only; the view (React and the components, about two thirds of the
 * JavaScript) is a chunk imported here. So the first requests (session, the list's first page) go out as
 * soon as this small entry has run, and main answers them while the view chunk is fetched, compiled and
 * evaluated, instead of after it.
 */
function main(): void {
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root');
  // Asked for first: the fetch starts now and overlaps everything below.
  const view = import('./view.tsx');
  let model: AppModel | null = null;
  // The first "up" may come before the model exists: reachable is where it starts anyway.
  // No preload API: a browser tab on the headless host, which notifies through the page.
  const browserMode = !('api' in window && window.api);
  const api = resolveApi((up) => model?.session.setCoreReachable(up));
  model = new AppModel(api, { browserMode });
  model.start();
  const started = model;
  // The date formatters, before the first open needs them. Chromium runs no idle callbacks while a page
  // loads, so this lands after the list's first paint, whose render makes the few it uses itself (the
  // first costs 25-75 ms of ICU loading the locale's data; made in a worker instead, ICU's data is shared
  // with the page, but on two cores the first paint came later: docs/bench.md, renderer, 2026-12-03).
  const idle: Partial<Pick<Window, 'requestIdleCallback'>> = window;
  if (idle.requestIdleCallback) idle.requestIdleCallback(() => prepareTimeFormats());
  else setTimeout(() => prepareTimeFormats(), 0);
  void view.then(
    ({ renderApp }) => renderApp(root, started),
    (error: unknown) => {
      // Nothing can render without the view: say so on the page, and keep the error for the console.
      root.textContent = 'BeatPass Messenger could not load its window. Restart it.';
      throw error;
    },
  );
}

main();
