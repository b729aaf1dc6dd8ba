/**
 * Electron main entry (built to out/main/index.js). Everything happens in `app.ts`; this file guards the
 * process against unexpected failures, starts the app, and makes a failure at start visible instead of
 * leaving a process with no window.
 */
import { app, dialog } from 'electron';
import { guardProcess, UnexpectedErrors } from '../core/unexpected.ts';
import { startDesktopApp } from './app.ts';

// A failed call or an unhandled rejection anywhere in main is logged and reported to the page
// (`app.unexpectedError`), never the end of the process.
const unexpected = new UnexpectedErrors();
guardProcess(unexpected);

startDesktopApp(unexpected).catch((error: unknown) => {
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  console.error(message);
  if (app.isReady()) dialog.showErrorBox('BeatPass Messenger could not start', message);
  app.exit(1);
});
