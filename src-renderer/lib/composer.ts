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

/**
 * Cuts text to what the server accepts: `LIMITS.messageMaxChars` characters (code points) after the
 * leading white space, which `messageLength` does not count. `cut` says whether anything was dropped, so
 * the composer can say so (a paste of a whole lyric sheet, say).
 */
export function capMessage(
  text: string,
  max: number = LIMITS.messageMaxChars,
): { text: string; cut: boolean } {
  if (messageLength(text) <= max) return { text, cut: false };
  const points = [...text];
  const leading = points.length - [...text.trimStart()].length;
  return { text: points.slice(0, leading + max).join(''), cut: true };
}

/** What the composer says when typing or pasting ran into the limit. */
export function capNote(addedChars: number, max: number = LIMITS.messageMaxChars): string {
  const limit = max.toLocaleString('en-US');
  return addedChars > 1
    ? `The pasted text was cut to fit the ${limit}-character limit.`
    : `Messages can be up to ${limit} characters.`;
}
