/**
 * Electron main entry (built to out/main/index.js). Everything happens in `app.ts`; this file only
 * starts it and makes a failure at start visible instead of leaving a process with no window.
 */
import { app, dialog } from 'electron';
import { startDesktopApp } from './app.ts';

startDesktopApp().catch((error: unknown) => {
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  console.error(message);
  if (app.isReady()) dialog.showErrorBox('BeatPass Messenger could not start', message);
  app.exit(1);
});
