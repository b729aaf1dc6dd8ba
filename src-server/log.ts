import { pino } from 'pino';
import type { Logger } from 'pino';

export type { Logger };

/** JSON logs to stderr, so stdout stays free for the one machine-readable "listening" line. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { svc: 'beatpass-server' } }, pino.destination(2));
}
