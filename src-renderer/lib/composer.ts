import { LIMITS, messageLength } from '../../src-shared/limits.ts';

/** Show the counter once a message is this close to the limit. */
export const COUNTER_THRESHOLD = LIMITS.messageMaxChars - 200;

export interface ComposerCheck {
  /** Characters as the server counts them (code points after trimming). */
  length: number;
  canSend: boolean;
  /** What the counter says, or null when it is hidden. */
  counter: string | null;
  over: boolean;
}

export function checkComposer(body: string): ComposerCheck {
  const length = messageLength(body);
  const over = length > LIMITS.messageMaxChars;
  let counter: string | null = null;
  if (over) {
    const n = length - LIMITS.messageMaxChars;
    counter = `${n.toLocaleString('en-US')} over the ${LIMITS.messageMaxChars.toLocaleString('en-US')}-character limit`;
  } else if (length >= COUNTER_THRESHOLD) {
    counter = `${(LIMITS.messageMaxChars - length).toLocaleString('en-US')} left`;
  }
  return { length, canSend: length > 0 && !over, counter, over };
}
