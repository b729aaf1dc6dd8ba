import { useEffect, useState } from 'react';
import { SEND_FAILS_AFTER_MS } from '../../src-shared/constants.ts';

/** A send quicker than this needs no words: the dashed ring is enough. */
export const SENDING_NOTE_AFTER_MS = 1_500;

/**
 * "Sending…" under a message still unacknowledged after 1.5 s, and how long until it is called not sent
 * (the core's `SEND_FAILS_AFTER_MS`), so a slow send never looks like a lost one.
 */
export function SendingNote({ createdAt }: { createdAt: number }) {
  const [shown, setShown] = useState(() => Date.now() - createdAt >= SENDING_NOTE_AFTER_MS);
  useEffect(() => {
    if (shown) return;
    const timer = setTimeout(
      () => setShown(true),
      Math.max(0, SENDING_NOTE_AFTER_MS - (Date.now() - createdAt)),
    );
    return () => clearTimeout(timer);
  }, [shown, createdAt]);
  if (!shown) return null;
  return (
    <div className="msg__sending" role="status" data-testid="message-sending">
      <span className="spinner spinner--sm" aria-hidden="true" />
      Sending…{' '}
      <span className="msg__sending-detail">
        (marked not sent after {SEND_FAILS_AFTER_MS / 1000} s without an answer)
      </span>
    </div>
  );
}
