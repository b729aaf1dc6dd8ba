import { AppError } from '../../src-shared/errors.ts';
import type { Trace } from './trace.ts';

export interface UnexpectedError {
  where: string;
  message: string;
  count: number;
}

/**
 * Failures nobody expected (bugs: a TypeError in a handler, a rejection nothing awaited). Each is logged,
 * counted and handed to the listeners (the core pushes `app.unexpectedError` to the UI); none ends the
 * process. The headless host exposes the count, and the end-to-end fixture fails a test that caused any.
 */
export class UnexpectedErrors {
  readonly #log: (where: string, error: unknown) => void;
  readonly #listeners = new Set<(error: UnexpectedError) => void>();
  #count = 0;

  constructor(log: (where: string, error: unknown) => void = logToConsole) {
    this.#log = log;
  }

  get count(): number {
    return this.#count;
  }

  report(where: string, error: unknown): void {
    this.#count += 1;
    this.#log(where, error);
    const report = {
      where,
      message: error instanceof Error ? error.message : String(error),
      count: this.#count,
    };
    for (const listener of [...this.#listeners]) {
      try {
        listener(report);
      } catch (failure) {
        this.#log(`${where} (listener)`, failure);
      }
    }
  }

  onReport(listener: (error: UnexpectedError) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

function logToConsole(where: string, error: unknown): void {
  console.error(`Unexpected failure in ${where}:`, error);
}

/**
 * Runs work nobody awaits (a refresh, a receipt, a resync). An `AppError` is an expected outcome of
 * talking to a server (offline, not found, rate limited…): traced as `core.error`. Anything else is a bug:
 * reported as unexpected. Either way the rejection is handled, so it can never reach the process.
 */
export type Background = (where: string, task: Promise<unknown>) => void;

export function backgroundRunner(trace: Trace, unexpected: UnexpectedErrors): Background {
  return (where, task) => {
    task.catch((error: unknown) => {
      if (error instanceof AppError) trace.emit('core.error', { where, message: error.message });
      else unexpected.report(where, error);
    });
  };
}

/**
 * The entry points' last line of defence (Electron main, `npm run web`): a rejection nothing handled or an
 * exception nothing caught is reported and the process carries on, as Signal Desktop's main process does.
 * Returns the function that removes the handlers.
 */
export function guardProcess(unexpected: UnexpectedErrors): () => void {
  const onRejection = (reason: unknown) => unexpected.report('unhandledRejection', reason);
  const onException = (error: Error) => unexpected.report('uncaughtException', error);
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  };
}
